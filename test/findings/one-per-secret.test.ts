/**
 * One finding per secret per file: a token written twice in a file is one
 * finding with both locations (the first is the finding's own line and column),
 * in every report format, whatever rules named it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/allowlist/config.js';
import { Allowlist } from '../../src/allowlist/match.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { processFindings } from '../../src/findings/pipeline.js';
import { redact } from '../../src/findings/redact.js';
import { jsonReport } from '../../src/reporters/json.js';
import { sarifReport } from '../../src/reporters/sarif.js';
import { textReport } from '../../src/reporters/text.js';
import type { RawFinding } from '../../src/types.js';
import { scanFragments } from '../helpers/engine.js';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

const token = githubToken(41);
const other = githubToken(42);
const text = [
  `GITHUB_TOKEN=${token}`, // line 1
  'x = 1',
  `  const auth = '${token}';`, // line 3
  `OTHER=${other}`, // line 4
  `curl -H "Authorization: token ${token}"`, // line 5
].join('\n');
const fragment = { path: 'deploy/env.sh', text };

describe('one finding per secret per file', async () => {
  const result = await scanFragments([fragment]);

  it('reports a token written three times as one finding with its three locations', () => {
    expect(result.findings.map((f) => [f.ruleId, f.line, f.column, f.locations?.map((l) => [l.line, l.column, l.endLine, l.endColumn])])).toEqual([
      ['github-pat', 1, 14, [[1, 14, 1, 54], [3, 17, 3, 57], [5, 31, 5, 71]]],
      ['github-pat', 4, 7, undefined],
    ]);
    expect(result.findings[0]!.fingerprint).toBe(fingerprint('github-pat', 'deploy/env.sh', token));
  });

  it('JSON: adds `locations` to the finding and keeps every other field as it was', () => {
    const report = JSON.parse(jsonReport(result)) as { findings: Record<string, unknown>[] };
    expect(report.findings[0]).toMatchObject({ ruleId: 'github-pat', file: 'deploy/env.sh', line: 1, column: 14, endLine: 1, endColumn: 54 });
    expect(report.findings[0]!.locations).toEqual([
      { line: 1, column: 14, endLine: 1, endColumn: 54 },
      { line: 3, column: 17, endLine: 3, endColumn: 57 },
      { line: 5, column: 31, endLine: 5, endColumn: 71 },
    ]);
    expect(report.findings[1]).not.toHaveProperty('locations');
  });

  it('SARIF: one result whose `locations` are the three places, the first first', () => {
    const log = JSON.parse(sarifReport(result)) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[] }[];
    };
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(2);
    expect(results[0]!.locations.map((l) => [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region])).toEqual([
      ['deploy/env.sh', { startLine: 1, startColumn: 14, endLine: 1, endColumn: 54 }],
      ['deploy/env.sh', { startLine: 3, startColumn: 17, endLine: 3, endColumn: 57 }],
      ['deploy/env.sh', { startLine: 5, startColumn: 31, endLine: 5, endColumn: 71 }],
    ]);
    expect(results[1]!.locations).toHaveLength(1);
  });

  it('text: names the other places under the finding', () => {
    const report = textReport(result, { mode: 'files', color: false, verbose: false, configFile: '.leakgate.yaml' });
    expect(report).toContain('leakgate: 2 secrets found in 1 file');
    expect(report).toContain('  deploy/env.sh:1:14  ');
    expect(report).toContain('    also at  deploy/env.sh:3:17, deploy/env.sh:5:31\n');
    expect(report.match(/also at/g)).toHaveLength(1);
  });

  it('never shows the secret in clear in any format', () => {
    const reports = [
      jsonReport(result),
      sarifReport(result),
      textReport(result, { mode: 'files', color: false, verbose: true, configFile: '.leakgate.yaml' }),
    ];
    for (const report of reports) {
      expect(report).not.toContain(token);
      expect(report).not.toContain(other);
    }
  });

  it('the same token in two files is a finding in each', async () => {
    const two = await scanFragments([fragment, { path: 'deploy/other.sh', text: `T=${token}` }]);
    expect(two.findings.map((f) => [f.file, f.line, f.locations?.length])).toEqual([
      ['deploy/env.sh', 1, 3],
      ['deploy/env.sh', 4, undefined],
      ['deploy/other.sh', 1, undefined],
    ]);
  });

  it('an occurrence on a `leakgate:allow` line is left out; the finding starts at the next one', async () => {
    const allowed = await scanFragments([{ ...fragment, text: text.replace(`GITHUB_TOKEN=${token}`, `GITHUB_TOKEN=${token} # leakgate:allow`) }]);
    expect(allowed.findings[0]).toMatchObject({ line: 3, column: 17 });
    expect(allowed.findings[0]!.locations?.map((l) => l.line)).toEqual([3, 5]);
  });
});

describe('processFindings groups by secret across rules', () => {
  const secret = 'Q7vPz2LmX9sKd4RtWb8N'; // leakgate:allow (test input)
  const groupText = `password: ${secret}\nDISCORD=${secret}`;
  const at = (n: number): number => (n === 0 ? groupText.indexOf(secret) : groupText.lastIndexOf(secret));
  const raw = (ruleId: string, n: number, over: Partial<RawFinding> = {}): RawFinding => ({
    ruleId,
    title: ruleId,
    severity: 'high',
    confidence: 'medium',
    start: at(n),
    end: at(n) + secret.length,
    secret,
    ...over,
  });
  const options = { allowlist: new Allowlist(EMPTY_CONFIG), redact: true };

  it('names the group by its most specific rule, located at its first place', () => {
    const { findings } = processFindings({ path: 'a.env', text: groupText }, [raw('generic-password', 0, { confidence: 'low' }), raw('demo-token', 1)], options);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'demo-token',
      line: 1,
      column: 11,
      secret: redact(secret),
      fingerprint: fingerprint('demo-token', 'a.env', secret),
      locations: [
        { line: 1, column: 11, endLine: 1, endColumn: 31 },
        { line: 2, column: 9, endLine: 2, endColumn: 29 },
      ],
    });
  });

  it('keeps policy findings one per place', () => {
    const policy = (n: number): RawFinding => ({ ...raw('k8s-inline-secret', n), secret: 'Secret/db', policy: true });
    const { policy: found } = processFindings({ path: 'a.env', text: groupText }, [policy(0), policy(1)], options);
    expect(found.map((f) => [f.line, f.locations])).toEqual([
      [1, undefined],
      [2, undefined],
    ]);
  });
});

describe('one finding per secret per file through the CLI', () => {
  afterAll(removeTempRepos);

  it('staged and history report the token pasted twice in a commit once, with both lines', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' });
    const files = { 'app/client.ts': `const a = '${token}';\nconst b = 1;\nconst c = '${token}';\n` };
    await repo.stage(files);
    const places = (stdout: string) =>
      (JSON.parse(stdout) as { findings: { file: string; line: number; locations?: { line: number }[] }[] }).findings.map((f) => [f.file, f.line, f.locations?.map((l) => l.line)]);
    const staged = await repo.run(['staged', '--format', 'json']);
    expect(staged.code).toBe(1);
    expect(places(staged.stdout)).toEqual([['app/client.ts', 1, [1, 3]]]);
    await repo.commit(files, 'Add the client');
    const history = await repo.run(['history', '--format', 'json']);
    expect(history.code).toBe(1);
    expect(places(history.stdout)).toEqual([['app/client.ts', 1, [1, 3]]]);
    expect(staged.stdout + history.stdout).not.toContain(token);
  });
});

describe('a secret repeated thousands of times', () => {
  afterAll(removeTempRepos);
  // A log or a fixture may repeat one token on every line, or on one long line: it stays one
  // finding with every place, the report stays readable and nothing shows the token.
  const line = `git remote set-url origin https://x-access-token:${token}@github.com/acme/app.git`;

  it('files: one finding for a file scanned in windows (a token on each of 60,000 lines, 6 MB)', async () => {
    const repo = await tempRepo();
    repo.write({ 'logs/deploy.log': `${line}\n`.repeat(60_000) });
    const result = await repo.run(['files', 'logs', '--format', 'json', '--no-config']);
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; line: number; locations: { line: number; column: number }[] }[] }).findings;
    expect(findings.map((f) => [f.ruleId, f.line, f.locations.length])).toEqual([['github-pat', 1, 60_000]]);
    expect(findings[0]!.locations.map((place) => place.line)).toEqual(Array.from({ length: 60_000 }, (_, i) => i + 1));
    expect(findings[0]!.locations.every((place) => place.column === 50)).toBe(true);
    expect(result.stdout).not.toContain(token);
  });

  it('history: one finding for the file of one commit, whatever windows it was read in', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'logs/deploy.log': `${line}\n`.repeat(60_000), 'logs/one-line.log': `${line} `.repeat(50_000) });
    const result = await repo.run(['history', '--format', 'json']);
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: { file: string; line: number; locations: unknown[] }[] }).findings;
    expect(findings.map((f) => [f.file, f.line, f.locations.length])).toEqual([
      ['logs/deploy.log', 1, 60_000],
      ['logs/one-line.log', 1, 50_000],
    ]);
    expect(result.stdout).not.toContain(token);
  });

  it('one long line: one finding, ten other places in the text report and the count of the rest, the line masked', async () => {
    const repo = await tempRepo();
    repo.write({ 'logs/one-line.log': `${line} `.repeat(20_000) });
    const text = await repo.run(['files', 'logs', '--no-config', '--no-color']);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain(token);
    const also = text.stdout.split('\n').find((l) => l.startsWith('    also at  '))!;
    expect(also.split(', ')).toHaveLength(11);
    expect(also).toMatch(/^ {4}also at {2}logs\/one-line\.log:1:164, .*, and 19989 more places \(--format json lists them all\)$/);
    const shown = text.stdout.split('\n').find((l) => l.startsWith('    line     '))!;
    expect(shown).toContain('https://x-access-token:');
    expect(shown.length).toBeLessThan(200);
    const json = await repo.run(['files', 'logs', '--no-config', '--format', 'json']);
    const [finding] = (JSON.parse(json.stdout) as { findings: { locations: { column: number }[] }[] }).findings;
    expect(finding!.locations.map((place) => place.column)).toEqual(Array.from({ length: 20_000 }, (_, i) => 50 + i * (line.length + 1)));
  });
});

describe('one finding per secret across the windows of a file, with the clear secret kept', () => {
  it('keeps the vault\'s view of the secret on the merged finding (history groups by it)', async () => {
    const { createEngine, scan } = await import('../../src/engine/scan.js');
    const { loadRuleFiles, PATTERNS_DIR } = await import('../../src/patterns/load.js');
    const { SecretVault } = await import('../../src/findings/vault.js');
    const engine = createEngine(await loadRuleFiles(PATTERNS_DIR), EMPTY_CONFIG);
    const vault = new SecretVault();
    // Two windows of one large file, each holding the token once.
    const windows = [
      { path: 'big.env', text: `A=${token}\n`, owned: [0, 100] as const },
      { path: 'big.env', text: `\nB=${token}\n`, owned: [0, 100] as const },
    ];
    async function* items() {
      for (const fragment of windows) yield { fragment };
    }
    const result = await scan(engine, items(), { redact: true, vault });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.locations).toHaveLength(2);
    expect(vault.get(result.findings[0]!)?.secret).toBe(token);
  });
});
