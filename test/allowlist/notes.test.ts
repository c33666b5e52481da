/** Expired and stale `ignore` entries, and unknown rule ids, as a scan reports them. */
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('notes about the config', () => {
  it('names expired and stale entries by place, and keeps allowing the live ones', async () => {
    const repo = await tempRepo();
    const live = githubToken(51);
    const gone = githubToken(52);
    const expired = githubToken(53);
    repo.write({
      'src/a.ts': `export const a = "${live}";\nexport const c = "${expired}";\n`,
      '.leakgate.yaml': [
        'rules:',
        '  vendor-rule: { entropy: 3 }',
        'ignore:',
        `  - { fingerprint: ${fingerprint('github-pat', 'src/a.ts', live)}, rule: github-pat, path: src/a.ts, reason: example }`,
        `  - { fingerprint: ${fingerprint('github-pat', 'src/a.ts', gone)}, rule: github-pat, path: src/a.ts, reason: was here }`,
        `  - { fingerprint: ${fingerprint('github-pat', 'src/a.ts', expired)}, rule: github-pat, path: src/a.ts, expires: 2020-01-01 }`,
        '',
      ].join('\n'),
    });
    const result = await repo.run(['files', '.', '--format', 'json']);
    const report = JSON.parse(result.stdout) as { findings: { line: number }[]; notes?: { path: string; message: string }[] };
    // The expired entry's secret is reported again; the live one stays allowed.
    expect(report.findings.map((finding) => finding.line)).toEqual([2]);
    const text = await repo.run(['files', '.']);
    expect(text.stdout).toContain(`.leakgate.yaml:6: ignore[2]: ignore entry ${fingerprint('github-pat', 'src/a.ts', expired)} expired on 2020-01-01`);
    expect(text.stdout).toContain(`.leakgate.yaml:5: ignore[1]: ignore entry ${fingerprint('github-pat', 'src/a.ts', gone)} matches nothing in src/a.ts any more (stale: remove it)`);
    expect(text.stdout).toContain('.leakgate.yaml:2: rules.vendor-rule: no loaded rule has the id "vendor-rule"');
    expect(text.stdout).not.toContain('ignore[0]');
  });

  it('stops on a rule id that is a typo of a real one', async () => {
    const repo = await tempRepo();
    repo.write({ 'a.txt': 'x\n', '.leakgate.yaml': 'rules:\n  disable: [githb-pat]\n' });
    const result = await repo.run(['files', '.']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('.leakgate.yaml:2: rules.disable[0]: no rule has the id "githb-pat"; did you mean "github-pat"?');
  });
});
