import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { HistoryFindings } from '../../src/findings/first-commit.js';
import type { Finding } from '../../src/types.js';

const SECRET = 'not-a-real-secret-value-123'; // leakgate:allow (test input)

function occurrence(file: string, commitIndex: number, line = 1, secret = SECRET) {
  const finding: Finding = {
    ruleId: 'test-rule',
    title: 'Test',
    severity: 'high',
    confidence: 'high',
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 10,
    secret: 'redacted',
    context: '',
    fingerprint: fingerprint('test-rule', file, secret),
    commit: { commit: `c${commitIndex}`, author: 'A', email: 'a@example.com', date: '2024-01-01', message: `m${commitIndex}` },
  };
  return { finding, secret, commitIndex };
}

const shown = async (found: HistoryFindings): Promise<string[]> =>
  (await found.findings()).map((f) => `${f.commit?.commit} ${f.file}:${f.line} x${f.commits} aliases=${f.aliases?.length ?? 0}`);

describe('HistoryFindings', () => {
  it('keeps the first commit (whatever the order results arrive in) and counts distinct commits', async () => {
    const found = new HistoryFindings();
    found.add(occurrence('a.ts', 7, 3));
    found.add(occurrence('a.ts', 2, 5));
    found.add(occurrence('a.ts', 7, 9));
    found.add(occurrence('a.ts', 4, 1));
    expect(await shown(found)).toEqual(['c2 a.ts:5 x3 aliases=0']);
  });

  it('follows renames in either order, and records the other names as aliases', async () => {
    for (const order of ['rename first', 'rename last']) {
      const found = new HistoryFindings();
      if (order === 'rename first') found.rename('a.ts', 'b.ts');
      found.add(occurrence('b.ts', 5));
      found.add(occurrence('a.ts', 1));
      if (order === 'rename last') found.rename('a.ts', 'b.ts');
      const [finding] = await found.findings();
      expect(await shown(found)).toEqual(['c1 a.ts:1 x2 aliases=1']);
      expect(finding!.aliases).toEqual([fingerprint('test-rule', 'b.ts', SECRET)]);
    }
  });

  it('keeps different secrets, and the same secret in unrelated files, apart', async () => {
    const found = new HistoryFindings();
    found.add(occurrence('a.ts', 1));
    found.add(occurrence('a.ts', 2, 1, 'another-secret-value-4567'));
    found.add(occurrence('z.ts', 3));
    expect(await shown(found)).toEqual(['c1 a.ts:1 x1 aliases=0', 'c2 a.ts:1 x1 aliases=0', 'c3 z.ts:1 x1 aliases=0']);
  });

  it('follows chains of renames', async () => {
    const found = new HistoryFindings();
    found.rename('b.ts', 'c.ts');
    found.rename('a.ts', 'b.ts');
    found.add(occurrence('c.ts', 9));
    found.add(occurrence('a.ts', 3));
    expect(await shown(found)).toEqual(['c3 a.ts:1 x2 aliases=2']);
  });
});
