import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { runCli } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function patternsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakgate-rules-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const rule = (examples: string) => `provider: Demo
rules:
  - id: demo-token
    title: Demo token
    severity: high
    regex: '\\b(demo_[0-9]{8})\\b'
    secretGroup: 1
    keywords: [demo_]
    examples:
${examples}
`;

describe('leakgate rules', () => {
  it('lists every bundled rule', async () => {
    const count = (await loadRuleFiles(PATTERNS_DIR)).length;
    const result = await runCli(['rules'], tmpdir());
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(count + 1);
    expect(result.stdout).toMatch(/^github-pat +critical +GitHub personal access token \(classic\) +\[ghp_\]$/m);
    expect(result.stdout.endsWith(`${count} rules\n`)).toBe(true);
  });

  it('tests the bundled examples', async () => {
    const result = await runCli(['rules', 'test'], tmpdir());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+ rules, \d+ examples: \d+ passed, 0 failed\n$/);
  });

  it('names a failing example and exits 1', async () => {
    const dir = patternsDir({ 'demo.yaml': rule("      match: ['demo_12345678']\n      noMatch: ['demo_87654321']") });
    const result = await runCli(['rules', 'test', '--patterns', dir], tmpdir());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'FAIL patterns/demo.yaml: rule demo-token: noMatch example "demo_87654321": the rule finds 1 secret(s)\n' +
        '1 rules, 2 examples: 1 passed, 1 failed\n',
    );
  });

  it('rejects a broken rule with exit 2, naming the file, rule and field', async () => {
    const dir = patternsDir({ 'demo.yaml': rule("      match: ['demo_12345678']\n      noMatch: ['x']").replace('severity: high', 'severity: urgent') });
    const result = await runCli(['rules', 'test', '--patterns', dir], tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('leakgate: patterns/demo.yaml: rule demo-token: field `severity`: must be one of critical, high, medium, low\n');
  });
});

describe('customRules in .leakgate.yaml', () => {
  const custom = (regex: string, id = 'acme-internal-token') => `customRules:
  - id: ${id}
    title: ACME internal token
    severity: high
    regex: '${regex}'
    secretGroup: 1
    keywords: [acme_]
    examples:
      match: ['ACME_TOKEN=acme_4f9Kq2LmZ8xWv3Rt']
      noMatch: ['acme_short']
`;

  it('finds what a custom rule describes, and tests its examples', async () => {
    const { tempRepo, removeTempRepos } = await import('../helpers/repo.js');
    const repo = await tempRepo();
    try {
      repo.write({ '.leakgate.yaml': custom('\\b(acme_[0-9A-Za-z]{16})\\b'), 'app.env': 'X=1\nACME_TOKEN=acme_Zq81LmPx4kR2wT9v\n' });
      const scan = await repo.run(['files', 'app.env', '--format', 'json']);
      expect(JSON.parse(scan.stdout).findings.map((f: { ruleId: string; line: number }) => [f.ruleId, f.line])).toEqual([['acme-internal-token', 2]]);
      const test = await repo.run(['rules', 'test']);
      expect(test.code).toBe(0);
      expect(test.stdout).toMatch(/ 0 failed\n$/);
    } finally {
      removeTempRepos();
    }
  });

  it('runs a nested quantifier on the linear-time engine, refuses a lookahead naming the line, and refuses a bundled id', async () => {
    const { tempRepo, removeTempRepos } = await import('../helpers/repo.js');
    const repo = await tempRepo();
    try {
      repo.write({ '.leakgate.yaml': `# rules of this repository\n${custom('\\b(acme_(?:[a-z0-9]+)+)x')}`, 'a.txt': `acme_${'a'.repeat(40)}\nacme_q1x\n` });
      const nested = await repo.run(['files', 'a.txt', '--format', 'json']);
      expect(nested.code).toBe(1);
      expect(JSON.parse(nested.stdout).findings.map((f: { ruleId: string; line: number }) => [f.ruleId, f.line])).toEqual([['acme-internal-token', 2]]);
      repo.write({ '.leakgate.yaml': `# rules of this repository\n${custom('(acme_(?=[a-z])\\w{16})')}` });
      const result = await repo.run(['files', '.']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^leakgate: \.leakgate\.yaml:6: customRules\[0\]\.regex: "\(acme_\(\?=\[a-z\]\)\\w\{16\}\)" uses a lookahead/);
      repo.write({ '.leakgate.yaml': custom('\\b(ghp_[0-9A-Za-z]{36})\\b', 'github-pat') });
      const clash = await repo.run(['files', '.']);
      expect(clash.code).toBe(2);
      expect(clash.stderr).toContain('rule github-pat: field `id`: a bundled rule has this id');
    } finally {
      removeTempRepos();
    }
  });
});
