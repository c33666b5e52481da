/**
 * A token can be a file's name: git commits the path as surely as the content,
 * so a scan of the content alone passed a commit that adds `keys/<token>`
 * (exit 0, nothing said). Every path a change adds (new, copied, renamed) is
 * scanned by the rules of `patterns/`, in `staged`, `history` and `files`, and
 * reported under the path with the token masked, in every format.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';
import { zip } from '../helpers/archives.js';
import { githubToken } from '../helpers/secrets.js';

const TOKEN = githubToken(41);
const MASKED = `${TOKEN.slice(0, 4)}…${TOKEN.slice(-4)}`;

interface Report {
  findings: { file: string; line: number; column: number; ruleId: string; title: string; inFileName?: boolean; commit?: string }[];
}

const findingsOf = (stdout: string): string[] =>
  (JSON.parse(stdout) as Report).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}${f.inFileName ? ' (name)' : ''}`);

describe('a token as a file name', () => {
  let repo: TestRepo;

  beforeAll(async () => {
    repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n', 'notes/a-rather-long-ordinary-file-name.txt': 'nothing\n' }, 'start');
  });
  afterAll(removeTempRepos);

  it('blocks a commit that adds it, masked in every report, and not when it is already committed', async () => {
    await repo.stage({ [`keys/${TOKEN}`]: 'hello\n' });
    const json = await repo.run(['staged', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(findingsOf(json.stdout)).toEqual([`keys/${MASKED}:1:6 github-pat (name)`]);
    expect((JSON.parse(json.stdout) as Report).findings[0]!.title).toBe("GitHub personal access token (classic), in the file's name");
    for (const format of ['text', 'sarif', 'junit']) {
      const report = await repo.run(['staged', '--format', format, '--no-tui']);
      expect(report.code, format).toBe(1);
      expect(report.stdout + report.stderr, format).not.toContain(TOKEN);
      // SARIF holds the path as a URI: the mask percent-encoded.
      expect(report.stdout, format).toContain(format === 'sarif' ? `keys/${encodeURIComponent(MASKED)}` : `keys/${MASKED}`);
    }
    // A name has no line to comment: the advice does not offer one.
    expect((await repo.run(['staged', '--no-tui'])).stdout).not.toContain('add the comment `leakgate:allow`');

    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'add key file']);
    // Changing the file's content later adds no name.
    await repo.stage({ [`keys/${TOKEN}`]: 'hello again\n' });
    expect(await repo.stagedFindings()).toEqual([]);
    await repo.git.raw(['reset', '-q', '--hard']);
  });

  it('reports a rename to it, but no ordinary long name', async () => {
    await repo.git.raw(['mv', 'notes/a-rather-long-ordinary-file-name.txt', `notes/${TOKEN}.txt`]);
    expect(await repo.stagedFindings()).toEqual([`notes/${MASKED}.txt:1 github-pat`]);
    await repo.git.raw(['reset', '-q', '--hard']);
    await repo.stage({ 'src/averyveryverylongmodulename_v2.ts': 'export {};\n' });
    expect(await repo.stagedFindings()).toEqual([]);
    await repo.git.raw(['reset', '-q', '--hard']);
  });

  it('is allowed by the ignore entry the advice writes, never by leakgate:allow in the name', async () => {
    await repo.stage({ [`fixtures/${TOKEN} leakgate:allow`]: 'x\n' });
    const blocked = await repo.run(['staged', '--format', 'json']);
    expect(findingsOf(blocked.stdout)).toEqual([`fixtures/${MASKED} leakgate:allow:1:10 github-pat (name)`]);
    const { fingerprint } = (JSON.parse(blocked.stdout) as { findings: { fingerprint: string }[] }).findings[0]!;
    const config = [
      'ignore:',
      `  - fingerprint: ${fingerprint}`,
      '    rule: github-pat',
      `    path: "fixtures/${MASKED} leakgate:allow"`,
      '    reason: a test fixture',
      '',
    ].join('\n');
    repo.write({ '.leakgate.yaml': config });
    const allowed = await repo.run(['staged', '--format', 'json']);
    expect(findingsOf(allowed.stdout)).toEqual([]);
    repo.write({ '.leakgate.yaml': `allow:\n  paths: ["fixtures/${MASKED} leakgate:allow"]\n` });
    expect(findingsOf((await repo.run(['staged', '--format', 'json'])).stdout)).toEqual([]);
    await repo.git.raw(['rm', '-q', '--cached', '--', `fixtures/${TOKEN} leakgate:allow`]);
    rmSync(join(repo.dir, 'fixtures'), { recursive: true });
    rmSync(join(repo.dir, '.leakgate.yaml'));
  });

  it("reads the names of an archive's members, each once, and not those the version before had", async () => {
    await repo.stage({ 'dist/bundle.zip': Buffer.from(zip({ [`keys/${TOKEN}.txt`]: 'x\n', 'readme.txt': 'hello\n' })) });
    expect(await repo.stagedFindings()).toEqual([`dist/bundle.zip!keys/${MASKED}.txt:1 github-pat`]);
    // The archive named after the token: its own name once, not again in each member's path.
    await repo.git.raw(['rm', '-q', '--cached', '--', 'dist/bundle.zip']);
    await repo.stage({ [`dist/${TOKEN}.zip`]: Buffer.from(zip({ 'a.txt': 'a\n', 'b.txt': 'b\n' })) });
    expect(await repo.stagedFindings()).toEqual([`dist/${MASKED}.zip:1 github-pat`]);
    await repo.git.raw(['rm', '-q', '--cached', '--', `dist/${TOKEN}.zip`]);
    rmSync(join(repo.dir, 'dist'), { recursive: true });

    // A new version of a committed archive: the member it already had adds no name.
    const other = await tempRepo();
    await other.commit({ 'bundle.zip': Buffer.from(zip({ [`keys/${TOKEN}.txt`]: 'x\n' })) }, 'vendor');
    await other.stage({ 'bundle.zip': Buffer.from(zip({ [`keys/${TOKEN}.txt`]: 'x\n', 'new.txt': 'n\n' })) });
    expect(await other.stagedFindings()).toEqual([]);
  });

  it('is found in history at the commit that added it, and by files', async () => {
    const history = await repo.run(['history', '--format', 'json']);
    expect(history.code).toBe(1);
    const report = JSON.parse(history.stdout) as Report;
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([`keys/${MASKED}:1 github-pat`]);
    const added = (await repo.git.raw(['log', '--format=%H', '--diff-filter=A', '--', `keys/${TOKEN}`])).trim();
    expect(report.findings[0]!.commit).toBe(added);
    expect(history.stdout).not.toContain(TOKEN);

    const files = await repo.run(['files', '.', '--format', 'json']);
    expect(files.code).toBe(1);
    expect(findingsOf(files.stdout)).toEqual([`keys/${MASKED}:1:6 github-pat (name)`]);
  });
});
