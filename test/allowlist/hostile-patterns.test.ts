/**
 * Patterns from a config cannot hang a scan: each hostile pattern (exponential on a
 * backtracking engine) runs in a real `leakgate files` process with a generous
 * timeout, so a regression fails the test instead of hanging the suite. The test
 * asserts that the scan completes and what it reports, never how long it took.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/repo.js';

/** Hostile on V8 on a run of `a` that does not end the text; the first five cannot match the empty string. */
const NEVER_EMPTY = ['(a|a)+$', '(a|aa)+$', '(\\w|a)+$', '(a+){32}$', '(a+)+$'];
/** These match the empty string at the end of any text, so they allow every finding (once they finish). */
const MATCH_EMPTY = ['(?:a|a)*$', '(?:a|a){0,32}$', 'a*a*a*a*a*a*a*a*$'];

/** A secret and its line both end in `.`, after 40 `a`: the worst input for these patterns. */
const secret = (tag: string): string => `acme${tag}${'a'.repeat(40)}.`;
/** One line per rule tag: `acme` (no tag) and `acme0` to `acme7`, each matched by its own rule only. */
const TAGS = ['', ...[...NEVER_EMPTY, ...MATCH_EMPTY].map((_, i) => String(i))];
const FILE = TAGS.map((tag) => `ACME_TOKEN_${tag}=${secret(tag)}\n`).join('');
const KILL_AFTER_MS = 60_000;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function customRule(id: string, tag: string, extra = ''): string {
  return `  - id: ${id}
    title: ACME token
    severity: high
    regex: '\\b(acme${tag}a{40}[.])'
    keywords: [acme]
${extra}    examples:
      match: ['${secret(tag)}']
      noMatch: ['acme']
`;
}

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly findings: readonly string[];
  readonly stderr: string;
}

/** `leakgate files app.env` in a fresh directory with `config` as its `.leakgate.yaml`. */
function scan(config: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'leakgate-hostile-'));
  dirs.push(dir);
  writeFileSync(join(dir, '.leakgate.yaml'), config);
  writeFileSync(join(dir, 'app.env'), FILE);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'files', 'app.env', '--format', 'json'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: KILL_AFTER_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const findings = code === 0 || code === 1 ? (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId) : [];
      resolve({ code, signal, findings, stderr });
    });
  });
}

describe('hostile patterns in a config complete', () => {
  it.each([...NEVER_EMPTY.map((p) => [p, true] as const), ...MATCH_EMPTY.map((p) => [p, false] as const)])(
    'allow.regexes %s (on the secret and on the line): reported %s',
    async (pattern, reported) => {
      const quoted = JSON.stringify(pattern);
      const config = `allow:\n  regexes:\n    - { pattern: ${quoted}, target: secret }\n    - { pattern: ${quoted}, target: line }\ncustomRules:\n${customRule('acme-token', '')}`;
      const outcome = await scan(config);
      expect(outcome.signal).toBeNull();
      expect(outcome.stderr).toBe('');
      expect(outcome).toMatchObject({ code: reported ? 1 : 0, findings: reported ? ['acme-token'] : [] });
    },
    KILL_AFTER_MS + 10_000,
  );

  it("in a custom rule's own allow list and in rules.<id>.allow.regexes, each pattern decides its own rule", async () => {
    const all = [...NEVER_EMPTY, ...MATCH_EMPTY];
    const own = all.map((pattern, i) => customRule(`acme-own-${i}`, String(i), `    allow: [${JSON.stringify(pattern)}]\n`));
    const scoped = all.map((_, i) => customRule(`acme-scoped-${i}`, String(i)));
    const settings = all.map((pattern, i) => `  acme-scoped-${i}:\n    allow:\n      regexes: [{ pattern: ${JSON.stringify(pattern)}, target: line }]\n`);
    const outcome = await scan(`customRules:\n${[...own, ...scoped].join('')}rules:\n${settings.join('')}`);
    expect(outcome.signal).toBeNull();
    expect(outcome.code).toBe(1);
    // acme-own-i and acme-scoped-i find the same secret (line i); one finding per secret, so the pair
    // is reported when either rule's allow pattern fails to match, which holds exactly for NEVER_EMPTY.
    expect(outcome.findings.map((id) => id.replace(/-(?:own|scoped)-/, '-'))).toEqual(NEVER_EMPTY.map((_, i) => `acme-${i}`));
  }, KILL_AFTER_MS + 10_000);
});
