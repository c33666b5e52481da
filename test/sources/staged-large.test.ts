/**
 * A staged commit larger than the threshold past which detection moves to
 * threads (a vendored dependency) reports exactly what the same secrets report
 * in a small commit: the streamed diff and the threads lose nothing, the last
 * file and a structured Secret included.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { THREAD_THRESHOLD_CHARS } from '../../src/engine/thread-detection.js';
import { secretManifest } from '../helpers/k8s.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const secrets: Record<string, string> = {
  'aa/first.ts': `const token = "${githubToken(1)}";\n`,
  // Diff order is path order: these come after the filler, when threads detect.
  'zz/k8s/secret.yaml': secretManifest({ GITHUB_TOKEN: githubToken(2), password: 'Zr8!qLw2#vTx9mKp' }), // leakgate:allow (test input)
  'zz/z-last.ts': `// the last file of the diff\nexport const token = "${githubToken(3)}";\n`,
};

/** Third-party-like code without secrets, `chars` in all, in files of about 100 KB. */
function filler(chars: number): Record<string, string> {
  const files: Record<string, string> = {};
  const line = (i: number): string => `export function add${i}(a, b) { return a + b * ${i}; }\n`;
  let total = 0;
  for (let file = 0; total < chars; file++) {
    let text = '';
    for (let i = 0; text.length < 100_000; i++) text += line(i);
    files[`lib/module-${String(file).padStart(4, '0')}.js`] = text;
    total += text.length;
  }
  return files;
}

interface Report {
  findings: { file: string; line: number; ruleId: string }[];
  policy: { file: string; line: number; ruleId: string }[];
}

async function report(repo: TestRepo): Promise<{ code: number | null; findings: string[]; policy: string[] }> {
  const result = await repo.run(['staged', '--format', 'json']);
  const json = JSON.parse(result.stdout) as Report;
  const summary = (list: Report['findings']): string[] => list.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
  return { code: result.code, findings: summary(json.findings), policy: summary(json.policy) };
}

describe('a large staged commit', () => {
  it('reports exactly the findings of the same secrets in a small commit', async () => {
    const small = await tempRepo();
    await small.stage(secrets);
    const expected = await report(small);
    expect(expected.code).toBe(1);
    expect(expected.findings).toEqual(expect.arrayContaining(['aa/first.ts:1 github-pat', 'zz/k8s/secret.yaml:6 github-pat', 'zz/z-last.ts:2 github-pat']));

    const large = await tempRepo();
    await large.stage({ ...filler(THREAD_THRESHOLD_CHARS + 6 * 1024 * 1024), ...secrets });
    expect(await report(large)).toEqual(expected);
  });
});
