import { describe, expect, it } from 'vitest';
import { junitReport } from '../../src/reporters/junit.js';
import { artifactUri, sarifReport, SARIF_FINGERPRINT_KEY } from '../../src/reporters/sarif.js';
import type { Finding, ScanResult } from '../../src/types.js';

const finding: Finding = {
  ruleId: 'github-pat',
  title: 'GitHub personal access token (classic)',
  severity: 'critical',
  confidence: 'high',
  file: 'src/a b/<client>.ts',
  line: 4,
  column: 17,
  endLine: 4,
  endColumn: 57,
  secret: 'ghp_…INUx',
  context: "const t = 'ghp_…INUx'; // a & b",
  fingerprint: 'lg1:0123456789abcdef0123456789abcdef',
  commit: { commit: 'a'.repeat(40), author: 'Ann', email: 'ann@example.com', date: '2024-01-01T00:00:00Z', message: 'Add "client"' },
  commits: 2,
};
const result: ScanResult = {
  findings: [finding],
  policy: [],
  notes: [{ path: 'img/logo.png', message: 'binary file skipped' }],
  stats: { files: 3, bytes: 100, commits: 5, durationMs: 1234 },
};

describe('SARIF report', () => {
  it('is SARIF 2.1.0 with rules, locations, partial fingerprints and commit properties', () => {
    const log = JSON.parse(sarifReport(result));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.rules).toEqual([
      expect.objectContaining({ id: 'github-pat', defaultConfiguration: { level: 'error' } }),
    ]);
    expect(run.results).toHaveLength(1);
    const [only] = run.results;
    expect(only.ruleIndex).toBe(0);
    expect(only.partialFingerprints).toEqual({ [SARIF_FINGERPRINT_KEY]: finding.fingerprint });
    expect(only.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a%20b/%3Cclient%3E.ts' },
      region: { startLine: 4, startColumn: 17, endLine: 4, endColumn: 57 },
    });
    expect(only.properties).toMatchObject({ commit: 'a'.repeat(40), commits: 2, author: 'Ann' });
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'note', message: { text: 'img/logo.png: binary file skipped' } },
    ]);
  });

  it('encodes paths as relative URIs', () => {
    expect(artifactUri('dir/naïve #1%.ts')).toBe('dir/na%C3%AFve%20%231%25.ts');
  });
});

describe('JUnit report', () => {
  it('has one failed test case per finding, escaped', () => {
    const xml = junitReport(result, 'history');
    expect(xml).toContain('<testsuites name="leakgate" tests="1" failures="1" errors="0" time="1.234">');
    expect(xml).toContain('<testcase classname="src/a b/&lt;client&gt;.ts" name="github-pat at src/a b/&lt;client&gt;.ts:4">');
    expect(xml).toContain('message: Add &quot;client&quot;');
    expect(xml).toContain('// a &amp; b');
  });

  it('has one passing test case when nothing was found', () => {
    const xml = junitReport({ ...result, findings: [] }, 'history');
    expect(xml).toContain('tests="1" failures="0"');
    expect(xml).toContain('<testcase classname="leakgate" name="no secrets found"');
  });
});
