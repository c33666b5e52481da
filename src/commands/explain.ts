/**
 * `leakgate explain PATH[:LINE]`: for every candidate on a line (or in a file),
 * whether it is reported and the reason that settled it, in plain words. Part of
 * the CLI edge: it reads the file (or the staged blob) and prints.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { EMPTY_CONFIG } from '../allowlist/config.js';
import { loadConfig } from '../allowlist/store.js';
import { shannonEntropy } from '../detectors/entropy-math.js';
import { ANY_NAME_ENTROPY, DEFAULT_THRESHOLDS } from '../detectors/entropy.js';
import { reasonText, type Candidate } from '../detectors/verdict.js';
import { fileKindOf } from '../detectors/vocabulary.js';
import { UsageError } from '../errors.js';
import { LineMap } from '../findings/locate.js';
import { processFindings } from '../findings/pipeline.js';
import { redact } from '../findings/redact.js';
import { loadBundledRules } from '../patterns/load.js';
import type { RuleDefinition } from '../patterns/rule.js';
import { createEngine, detect } from '../engine/scan.js';
import { readObjects, repoInfo } from '../sources/git.js';
import type { Finding } from '../types.js';

interface ExplainOptions {
  staged?: boolean;
  commit?: string;
  format: 'text' | 'json';
  config?: string | false;
}

/** One line of the explanation: a candidate, where it is, and its verdict. */
export interface Explained {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly name: string;
  /** Shown in clear only when it cannot be a secret (a boolean, a number, nothing); masked otherwise. */
  readonly value: string;
  readonly reported: boolean;
  readonly ruleId?: string;
  readonly reason: string;
  readonly explanation: string;
}

/** Values shown in clear: they settle the verdict and cannot hold a secret. */
const SHOWN_IN_CLEAR = new Set(['boolean', 'number', 'empty']);

const FILE_REASONS: Record<string, string> = {
  'lock': 'file-lock',
  'name-service': 'file-name-service',
  'translation': 'file-translation',
};

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('say, for every candidate on a line (or in a file), whether it is reported and why')
    .argument('<target>', 'PATH or PATH:LINE')
    .option('--staged', 'explain the staged version of the file (what would be committed)')
    .option('--commit <rev>', 'explain the file as a commit holds it (a finding of `leakgate history`)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'config file (default: .leakgate.yaml at the repository root)')
    .option('--no-config', 'ignore the config file: built-in rules, no allowlists')
    .action(async (target: string, options: ExplainOptions) => {
      const { path, line } = parseTarget(target);
      const cwd = process.cwd();
      const root = await repoInfo(cwd).then(
        (repo) => repo.root,
        () => cwd,
      );
      const file = relative(root, resolve(cwd, path)).split(sep).join('/');
      if (options.staged && options.commit !== undefined) throw new UsageError('explain: --staged and --commit name two versions; give one');
      const text =
        options.commit !== undefined
          ? await objectText(root, `${options.commit}:${file}`, `${file} is not in ${options.commit}`)
          : options.staged
            ? await objectText(root, `:${file}`, `${file} is not in the index`)
            : await workTreeText(resolve(cwd, path));
      const config = options.config === false ? EMPTY_CONFIG : await loadConfig(root, options.config);
      const { candidates, findings, fileReason } = await explain(file, text, line, config);
      process.stdout.write(options.format === 'json' ? jsonExplanation(file, line, candidates, findings, fileReason) : textExplanation(file, line, candidates, findings, fileReason));
    });
}

function parseTarget(target: string): { path: string; line: number | undefined } {
  const match = /^(.+):(\d+)$/.exec(target);
  if (!match) return { path: target, line: undefined };
  const line = Number(match[2]);
  if (line < 1) throw new UsageError(`explain: line numbers start at 1 (got ${match[2]})`);
  return { path: match[1]!, line };
}

async function workTreeText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`explain: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A blob by name: `:path` (the index) or `rev:path`. */
async function objectText(root: string, name: string, missing: string): Promise<string> {
  const blob = (await readObjects(root, [name])).get(name);
  if (blob === undefined) throw new UsageError(`explain: ${missing}`);
  return blob.toString('utf8');
}

interface Explanation {
  readonly candidates: Explained[];
  /** What the scan reports on the line (or in the file), from every detector, redacted. */
  readonly findings: Finding[];
  /** Why the generic detector does not read the file at all, if it does not. */
  readonly fileReason: string | undefined;
}

/** Runs every detector on `text` as the scan would, and keeps the candidates on `line` (all when undefined). */
export async function explain(
  file: string,
  text: string,
  line: number | undefined,
  config = EMPTY_CONFIG,
  rules?: readonly RuleDefinition[],
): Promise<Explanation> {
  const engine = createEngine(rules ?? (await loadBundledRules()), config);
  const fragment = { path: file, text };
  const seen: Candidate[] = [];
  const detection = detect(engine, fragment, (candidate) => seen.push(candidate));
  const { findings } = processFindings(fragment, detection.findings, { allowlist: engine.allowlist, redact: true });
  const lineMap = new LineMap(fragment);
  const candidates: Explained[] = [];
  const unique = new Set<string>();
  for (const candidate of seen) {
    const at = lineMap.position(candidate.start);
    if (line !== undefined && at.line !== line) continue;
    // A value judged twice (as `name = value` and as a YAML key) is explained once.
    const key = `${candidate.start}\u0000${candidate.name}\u0000${candidate.reason}`;
    if (unique.has(key)) continue;
    unique.add(key);
    candidates.push({
      file,
      line: at.line,
      column: at.column,
      name: candidate.name,
      value: SHOWN_IN_CLEAR.has(candidate.reason) ? candidate.value : redact(candidate.value),
      reported: candidate.reported,
      ...(candidate.ruleId ? { ruleId: candidate.ruleId } : {}),
      reason: candidate.reason,
      explanation: explanationOf(candidate),
    });
  }
  const unread = fileKindOf(file).unread;
  return {
    candidates: candidates.sort((a, b) => a.line - b.line || a.column - b.column),
    findings: findings.filter((finding) => line === undefined || (finding.line <= line && line <= finding.endLine)),
    fileReason: unread === undefined ? undefined : reasonText({ reported: false, reason: FILE_REASONS[unread] as Candidate['reason'] }),
  };
}

/** The reason in words, with the entropy and its threshold where entropy decided. */
function explanationOf(candidate: Candidate): string {
  const words = reasonText(candidate);
  if (candidate.reason !== 'random' && candidate.reason !== 'low-entropy') return words;
  const { generic, hex, password } = DEFAULT_THRESHOLDS;
  const entropy = shannonEntropy(candidate.value).toFixed(2);
  return `${words}: ${entropy} bits per character (thresholds: ${generic} for tokens, ${hex} for hex, ${password} for passwords, ${ANY_NAME_ENTROPY} under a name that says nothing)`;
}

function textExplanation(file: string, line: number | undefined, candidates: readonly Explained[], findings: readonly Finding[], fileReason: string | undefined): string {
  const out: string[] = [];
  const where = line === undefined ? file : `${file}:${line}`;
  if (fileReason) out.push(`${file}: the generic detector does not read this file: ${fileReason}`);
  for (const c of candidates) {
    const verdict = c.reported ? `reported${c.ruleId ? ` (${c.ruleId})` : ''}: ${c.explanation}` : `not reported: ${c.explanation}`;
    out.push(`${c.file}:${c.line} ${c.name}: ${c.value} \u2192 ${verdict}`);
  }
  for (const f of findings) {
    if (candidates.some((c) => c.reported && c.line === f.line && c.ruleId === f.ruleId)) continue;
    out.push(`${f.file}:${f.line} ${f.secret} \u2192 reported (${f.ruleId}): ${f.title}`);
  }
  if (candidates.some((c) => c.reported) && findings.length === 0) {
    out.push(`${where}: what the generic detector judged a secret is left out of the report (an allowlist, an inline leakgate:allow, or a documented example value)`);
  }
  if (out.length === 0) out.push(`${where}: nothing to judge: no name that holds a secret and no known token format`);
  return `${out.join('\n')}\n`;
}

function jsonExplanation(file: string, line: number | undefined, candidates: readonly Explained[], findings: readonly Finding[], fileReason: string | undefined): string {
  const report = {
    version: 1,
    file,
    ...(line !== undefined ? { line } : {}),
    ...(fileReason ? { fileReason } : {}),
    candidates,
    findings: findings.map((f) => ({ ruleId: f.ruleId, title: f.title, file: f.file, line: f.line, column: f.column, secret: f.secret, fingerprint: f.fingerprint })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
