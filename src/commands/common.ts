/**
 * What the scanning commands share: the common flags, loading config and rules,
 * running the engine and writing the report. Part of the CLI edge.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { checkRuleIds, EMPTY_CONFIG, type Config } from '../allowlist/config.js';
import { CONFIG_FILE, loadConfig } from '../allowlist/store.js';
import { inBaseline, parseBaseline } from '../baseline/baseline.js';
import { ConfigError, ExitCode, UsageError } from '../errors.js';
import { loadBundledRules } from '../patterns/load.js';
import { jsonReport } from '../reporters/json.js';
import { junitReport } from '../reporters/junit.js';
import { ruleCatalog, sarifReport, type RuleCatalog } from '../reporters/sarif.js';
import { textReport, type ScanMode } from '../reporters/text.js';
import type { SecretVault } from '../findings/vault.js';
import { invocation } from './invocation.js';
import { createEngine, DETECTOR_RULE_IDS, scan } from '../engine/scan.js';
import { threadDetection } from '../engine/thread-detection.js';
import { writeOutputFile } from './output-file.js';
import { readObjects, type RepoInfo } from '../sources/git.js';
import type { SourceItem } from '../sources/source.js';
import type { Allowlist } from '../allowlist/match.js';
import type { Confidence, Note, ScanResult } from '../types.js';

export interface CommonOptions {
  format: 'text' | 'json' | 'sarif' | 'junit';
  output?: string;
  /** Report only findings whose fingerprint is not in this baseline file. */
  baseline?: string;
  /** Report only findings at least this confident. */
  minConfidence: Confidence;
  config?: string | false;
  redact: boolean;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** Accept content that was not scanned (above a limit, an LFS object not present): exit 0 rather than 2. */
  allowSkipped?: boolean;
  /** The exit code when something is found (1 by default). */
  exitCode?: number;
}

export function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif', 'junit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-b, --baseline <file>', 'report only findings not in this baseline (see `leakgate baseline`)')
    .addOption(
      new Option('--min-confidence <level>', 'report only findings at least this confident').choices(['low', 'medium', 'high']).default('low'),
    )
    .option('-c, --config <file>', `config file (default: ${CONFIG_FILE} at the repository root)`)
    .option('--no-config', 'ignore the config file: built-in rules, no allowlists')
    .option('--no-redact', 'show secrets in clear in the report (never the default)')
    .option('--no-color', 'no colours (also when NO_COLOR is set)')
    .option('-q, --quiet', 'print nothing when nothing is found')
    .option('-v, --verbose', 'list every skipped file')
    .option('--allow-skipped', 'accept files that could not be scanned (above maxFileSize, an LFS object not present) instead of exit 2 (or a blocked commit)')
    .addOption(new Option('--exit-code <n>', 'exit with this code when something is found (default 1)').argParser(exitCodeArgument));
}

function exitCodeArgument(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new UsageError(`--exit-code: expected a number from 0 to 255, got "${value}"`);
  return n;
}

/** The exit code of a scan that found `count` findings. */
export function findingsExitCode(count: number, options: Pick<CommonOptions, 'exitCode'>): number {
  return count === 0 ? ExitCode.clean : (options.exitCode ?? ExitCode.findings);
}

export async function configFor(root: string, options: Pick<CommonOptions, 'config'>): Promise<Config> {
  if (options.config === false) return EMPTY_CONFIG;
  return loadConfig(root, options.config);
}

/**
 * The config of `repo`. A bare repository (a server) has no work tree: its config
 * is the one committed on its default branch (`HEAD:.leakgate.yaml`) as it is
 * before a push, so a push cannot allow its own secrets.
 */
export async function configForRepo(repo: RepoInfo, options: Pick<CommonOptions, 'config'>): Promise<Config> {
  if (!repo.bare || options.config !== undefined) return configFor(repo.root, options);
  const name = `HEAD:${CONFIG_FILE}`;
  const blob = (await readObjects(repo.root, [name])).get(name);
  if (blob === undefined) return EMPTY_CONFIG;
  const { parseConfig } = await import('../allowlist/config.js');
  return parseConfig(blob.toString('utf8'), name);
}

/**
 * Given by `staged` when the review screen may open: where the scan keeps the clear
 * secrets (for that screen only), and what to do instead of the report when the
 * scan blocks.
 */
export interface BlockedHandler {
  readonly vault: SecretVault;
  /** The exit code when it dealt with the findings; undefined to print the report after all. */
  onBlocked(result: ScanResult): Promise<ExitCode | undefined>;
}

/**
 * Scans `items`, writes the report, and returns the exit code. With `threads`, a
 * scan that grows large moves detection to worker threads as well (see
 * thread-detection.ts), which read the config from `threads.root` as this one did.
 */
export async function runScan(
  mode: ScanMode,
  items: AsyncIterable<SourceItem>,
  config: Config,
  options: CommonOptions,
  blocked?: BlockedHandler,
  threads?: { readonly root: string },
): Promise<number> {
  const rules = await loadBundledRules();
  const ruleNotes = checkRuleIds(config, new Set([...rules.map((rule) => rule.id), ...DETECTOR_RULE_IDS]));
  const engine = createEngine(rules, config);
  const detection = threads
    ? threadDetection({
        engine,
        setup: { root: threads.root, config: options.config, redact: options.redact },
        redact: options.redact,
        ...(blocked ? { vault: blocked.vault } : {}),
        threads: detectionThreads(),
      })
    : undefined;
  let scanned: ScanResult;
  try {
    scanned = await scan(engine, items, {
      redact: options.redact,
      ...(blocked ? { vault: blocked.vault } : {}),
      ...(mode === 'staged' && options.config === undefined ? { changedConfig: CONFIG_FILE } : {}),
      ...(detection ? { detection } : {}),
    });
  } finally {
    await detection?.close();
  }
  const notes = acceptSkipped([...scanned.notes, ...ruleNotes.map(({ where, message }) => ({ path: where, message }))], options, config, engine.allowlist);
  const result = await selectFindings({ ...scanned, notes }, options);
  if (blocked && result.findings.length > 0) {
    const code = await blocked.onBlocked(result);
    if (code !== undefined) return code;
  }
  await writeReport(result, mode, options, config);
  return exitCodeOf(result, options);
}

/**
 * Detection threads for a large scan: one per core but this one's, which reads
 * git's output and detects whenever the threads are busy. On 2 cores, one
 * thread (a 48 MB commit: 2.31 s) beats two (3.19 s), which fight git for a core.
 */
function detectionThreads(): number {
  return Math.max(0, availableParallelism() - 1);
}

/** 1 (or `--exit-code`) for findings; else 2 when something could not be scanned (a blocked commit); else 0. */
export function exitCodeOf(result: ScanResult, options: Pick<CommonOptions, 'exitCode'>): number {
  if (result.findings.length > 0) return findingsExitCode(result.findings.length, options);
  return result.notes.some((note) => note.level !== undefined) ? ExitCode.usage : ExitCode.clean;
}

/**
 * Content left unscanned that the user accepts (`--allow-skipped`, `allowSkipped:
 * true`, or its path under `allow.paths`) becomes a plain note; errors (a missing
 * path, an unreadable file) stay errors.
 */
export function acceptSkipped(notes: readonly Note[], options: Pick<CommonOptions, 'allowSkipped'>, config: Config, allowlist: Pick<Allowlist, 'pathAllowed'>): Note[] {
  const accepted = options.allowSkipped === true || config.allowSkipped === true;
  return notes.map((note) => {
    if (note.level !== 'unscanned' || !(accepted || allowlist.pathAllowed(note.path))) return note;
    const { level: _level, ...plain } = note;
    return { ...plain, message: `${plain.message} [accepted]` };
  });
}

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** What the user asked to see: findings at least `--min-confidence`, less those `--baseline` lists. */
export async function selectFindings(result: ScanResult, options: Pick<CommonOptions, 'baseline' | 'minConfidence'>): Promise<ScanResult> {
  const floor = CONFIDENCE_RANK[options.minConfidence ?? 'low'];
  const confident = floor === 0 ? result : { ...result, findings: result.findings.filter((f) => CONFIDENCE_RANK[f.confidence] >= floor) };
  return applyBaseline(confident, options);
}

/** Drops the findings `--baseline` already lists. */
async function applyBaseline(result: ScanResult, options: Pick<CommonOptions, 'baseline'>): Promise<ScanResult> {
  if (options.baseline === undefined) return result;
  let text: string;
  try {
    text = await readFile(options.baseline, 'utf8');
  } catch (error) {
    throw new ConfigError(options.baseline, `cannot read the baseline: ${(error as Error).message}`);
  }
  const baseline = parseBaseline(text, options.baseline);
  return { ...result, findings: result.findings.filter((finding) => !inBaseline(baseline, finding)) };
}

/** Rule metadata for SARIF: read from the rule files (CI runs, not the hook's hot path). */
async function sarifRules(config: Config): Promise<RuleCatalog> {
  const [{ loadRuleFiles, PATTERNS_DIR }, { DETECTOR_RULES }] = await Promise.all([import('../patterns/load.js'), import('../detectors/rule-info.js')]);
  return ruleCatalog([...(await loadRuleFiles(PATTERNS_DIR)), ...(config.customRules ?? [])], DETECTOR_RULES);
}

export async function writeReport(result: ScanResult, mode: ScanMode, options: CommonOptions, config: Config): Promise<void> {
  const color = options.color && !process.env.NO_COLOR && options.output === undefined && process.stdout.isTTY === true;
  const text =
    options.format === 'json'
      ? jsonReport(result)
      : options.format === 'sarif'
        ? sarifReport(result, await sarifRules(config))
        : options.format === 'junit'
          ? junitReport(result, mode)
          : textReport(result, { mode, color, verbose: options.verbose === true, configFile: config.file ?? CONFIG_FILE, command: invocation() });
  if (options.output !== undefined) {
    await writeOutputFile(options.output, text);
    if (!options.quiet) {
      process.stderr.write(`leakgate: ${result.findings.length} finding(s); report written to ${options.output}\n`);
    }
  } else if (!(options.quiet && result.findings.length === 0 && result.notes.length === 0)) {
    process.stdout.write(text);
  }
}
