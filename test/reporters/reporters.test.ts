/**
 * Reporters against golden files. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx vitest run test/reporters` and review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonReport } from '../../src/reporters/json.js';
import { textReport } from '../../src/reporters/text.js';
import type { Finding, ScanResult } from '../../src/types.js';

const golden = (name: string) => new URL(`../../fixtures/golden/${name}`, import.meta.url);

function expectGolden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden(name), actual);
  expect(actual).toBe(readFileSync(golden(name), 'utf8'));
}

const finding: Finding = {
  ruleId: 'github-pat',
  title: 'GitHub personal access token (classic)',
  severity: 'critical',
  confidence: 'high',
  file: 'src/github-client.ts',
  line: 4,
  column: 43,
  endLine: 4,
  endColumn: 83,
  secret: 'ghp_…XJpa',
  context: "const octokit = new Octokit({ auth: 'ghp_…XJpa' });",
  fingerprint: 'lg1:5f0c3a2d9e8b7a6f5e4d3c2b1a098765',
};
const password: Finding = {
  ...finding,
  ruleId: 'generic-password',
  title: 'Password assigned to `DB_PASSWORD`',
  severity: 'high',
  confidence: 'medium',
  file: 'config/.env.production',
  line: 3,
  column: 13,
  endLine: 3,
  endColumn: 27,
  secret: 'r…0',
  context: 'DB_PASSWORD=r…0',
  fingerprint: 'lg1:0123456789abcdef0123456789abcdef',
};
const result: ScanResult = {
  findings: [finding, password],
  policy: [],
  notes: [{ path: 'assets/logo.png', message: 'binary file skipped' }],
  stats: { files: 5, bytes: 4096, commits: 0, durationMs: 12 },
};

describe('reporters', () => {
  it('writes the JSON contract', () => {
    expectGolden('report.json', jsonReport(result));
    const parsed = JSON.parse(jsonReport(result));
    expect(Object.keys(parsed)).toEqual(['version', 'tool', 'findings', 'policy', 'stats']);
    expect(parsed.tool).toEqual({ name: 'leakgate', version: JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version });
  });

  it('writes the text report for a blocked commit', () => {
    expectGolden('report-staged.txt', textReport(result, { mode: 'staged', color: false, verbose: false, configFile: '.leakgate.yaml' }));
  });

  it('says so when nothing is found, and colours only when asked', () => {
    const clean = { ...result, findings: [], notes: [] };
    expect(textReport(clean, { mode: 'files', color: false, verbose: false, configFile: '.leakgate.yaml' })).toBe(
      'leakgate: no secrets found in 5 files.\n',
    );
    expect(textReport(result, { mode: 'files', color: true, verbose: false, configFile: '.leakgate.yaml' })).toContain('\x1b[31m[critical]\x1b[0m');
    expect(textReport(result, { mode: 'files', color: false, verbose: false, configFile: '.leakgate.yaml' })).not.toContain('\x1b[');
  });
});
