/**
 * `leakgate staged` against real temporary repositories: exactly the lines the
 * index adds, at their line numbers in the staged file.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const T1 = githubToken(1);
const T2 = githubToken(2);
const T3 = githubToken(3);
const line = (token: string): string => `const token = "${token}";`;
const lines = (...items: string[]): string => `${items.join('\n')}\n`;

describe('staged source', () => {
  it('reports only the added lines of a modified file, not a secret committed before', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'app.ts': lines('a', line(T1), 'b') });
    await repo.stage({ 'app.ts': lines('a', line(T1), 'b', 'c', line(T2)) });
    expect(await repo.stagedFindings()).toEqual(['app.ts:5 github-pat']);
  });

  it('counts the staged version under partial staging (git add -p), not unstaged edits', async () => {
    const repo = await tempRepo();
    const filler = Array.from({ length: 12 }, (_, i) => `line ${i}`);
    await repo.commit({ 'app.ts': lines(...filler) });
    // Two separate hunks: the first adds T1 at the top, the second T2 at the bottom.
    repo.write({ 'app.ts': lines(line(T1), ...filler, line(T2)) });
    const add = await runProcess('git', ['add', '-p', 'app.ts'], repo.dir, {}, 'y\nn\n');
    expect(add.code).toBe(0);
    expect(await repo.stagedFindings()).toEqual(['app.ts:1 github-pat']);
  });

  it('reports a staged secret that was since removed from the work tree', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': 'hello\n' });
    await repo.stage({ 'config.ts': lines('// settings', line(T1)) });
    repo.write({ 'config.ts': lines('// settings', 'const token = process.env.TOKEN;') });
    expect(await repo.stagedFindings()).toEqual(['config.ts:2 github-pat']);
  });

  it('ignores untracked files, deletions and pure renames', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'old.ts': lines(line(T1)), 'gone.ts': lines(line(T2)) });
    repo.write({ 'untracked.ts': lines(line(T3)) });
    await repo.git.raw(['rm', '-q', 'gone.ts']);
    await repo.git.raw(['mv', 'old.ts', 'renamed.ts']);
    const result = await repo.run(['staged']);
    expect(result.code).toBe(0);
    expect(await repo.stagedFindings()).toEqual([]);
  });

  it('reports a secret added in a rename at the new path', async () => {
    const repo = await tempRepo();
    const body = Array.from({ length: 20 }, (_, i) => `export const v${i} = ${i};`);
    await repo.commit({ 'src/old-name.ts': lines(line(T1), ...body) });
    await repo.git.raw(['mv', 'src/old-name.ts', 'src/new-name.ts']);
    await repo.stage({ 'src/new-name.ts': lines(line(T1), ...body, line(T2)) });
    expect(await repo.stagedFindings()).toEqual(['src/new-name.ts:22 github-pat']);
  });

  it('works on the first commit of a repository (no HEAD)', async () => {
    const repo = await tempRepo();
    await repo.stage({ 'a.ts': lines('x', line(T1)) });
    expect(await repo.stagedFindings()).toEqual(['a.ts:2 github-pat']);
  });

  it('reports what a merge resolution adds, not what the merged branch already committed', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'conf.ts': lines('top', 'value = 1', 'bottom'), 'other.ts': 'x\n' });
    const main = (await repo.git.revparse(['--abbrev-ref', 'HEAD'])).trim();
    await repo.git.checkoutLocalBranch('feature');
    await repo.commit({ 'conf.ts': lines('top', 'value = 2', 'bottom'), 'feature.ts': lines(line(T1)) });
    await repo.git.checkout(main);
    await repo.commit({ 'conf.ts': lines('top', 'value = 3', 'bottom') });
    const merge = await runProcess('git', ['merge', '--no-edit', 'feature'], repo.dir);
    expect(merge.code).toBe(1); // conflict in conf.ts: a merge in progress
    await repo.stage({ 'conf.ts': lines('top', 'value = 4', line(T2), 'bottom') });
    // feature.ts (T1) was committed on the feature branch; the resolution adds T2.
    expect(await repo.stagedFindings()).toEqual(['conf.ts:3 github-pat']);
  });

  it('skips a submodule entry without error', async () => {
    const sub = await tempRepo();
    await sub.commit({ 'lib.ts': lines(line(T1)) });
    const repo = await tempRepo();
    await repo.commit({ 'README.md': 'x\n' });
    const add = await runProcess('git', ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib'], repo.dir);
    expect(add.code).toBe(0);
    const result = await repo.run(['staged', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).findings).toEqual([]);
  });

  it('keeps paths with spaces, quotes, non-ASCII characters and newlines exact', async () => {
    const repo = await tempRepo();
    const names = ['dir with space/a b.ts', 'quo"te\'s.ts', 'ünïcödé/日本.ts', 'new\nline.ts', 'back\\slash.ts', 'tab\there.ts'];
    await repo.stage(Object.fromEntries(names.map((name, i) => [name, lines(`// ${i}`, line(githubToken(10 + i)))])));
    const found = await repo.stagedFindings();
    expect(found.sort()).toEqual(names.map((name) => `${name}:2 github-pat`).sort());
  });

  it('scans binary files as printable strings and large files whole; a file above maxFileSize blocks, named', async () => {
    const repo = await tempRepo();
    const binary = Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(T1)]);
    const big = `${'const filler = 1;\n'.repeat(400_000)}${line(T2)}\n`; // ~7 MiB
    await repo.stage({ 'image.bin': binary, 'big.ts': big, 'small.ts': lines(line(T3)) });
    const result = await repo.run(['staged', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['big.ts:400001', 'image.bin:1', 'small.ts:1']);
    await repo.commit({ '.leakgate.yaml': 'maxFileSize: 5MiB\n', 'big.ts': '', 'image.bin': '', 'small.ts': '' });
    await repo.stage({ 'big.ts': big });
    const text = await repo.run(['staged']);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/big\.ts: not scanned: 6\.\d MiB, above the 5\.0 MiB limit \(raise maxFileSize in \.leakgate\.yaml, or list the path under allow\.paths\)/);
    expect(text.stdout).toContain('Commit blocked');
  });

  it('handles CRLF line endings and invalid UTF-8', async () => {
    const repo = await tempRepo();
    const crlf = `first\r\n${line(T1)}\r\nlast\r\n`;
    const latin1 = Buffer.concat([Buffer.from('caf\xe9 = 1\n', 'latin1'), Buffer.from(`${line(T2)}\n`), Buffer.from([0xff, 0xfe, 0x0a])]);
    await repo.stage({ 'win.ts': crlf, 'latin1.ts': latin1 });
    const result = await repo.run(['staged', '--format', 'json', '--no-redact']);
    const findings = JSON.parse(result.stdout).findings as { file: string; line: number; secret: string; endColumn: number }[];
    expect(findings.map((f) => [f.file, f.line, f.secret])).toEqual([
      ['latin1.ts', 2, T2],
      ['win.ts', 2, T1],
    ]);
    expect(findings[1]!.endColumn).toBe('const token = "'.length + T1.length + 1);
  });

  it('blocks with exit 2, a clear message and the bypass outside a repository', async () => {
    const dir = join((await tempRepo()).dir, 'not-a-repo');
    mkdirSync(dir);
    const result = await runProcess(process.execPath, [(await import('../helpers/repo.js')).CLI, 'staged'], dir, {
      GIT_CEILING_DIRECTORIES: join(dir, '..'),
      GIT_DIR: join(dir, 'missing'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a git repository');
    expect(result.stderr).toContain('git commit --no-verify');
  });

  it('fails closed with exit 3 when git itself fails', async () => {
    const repo = await tempRepo();
    await repo.stage({ 'a.ts': 'x\n' });
    const bin = join(repo.dir, '.fake-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'git'), '#!/bin/sh\necho "fatal: simulated failure" >&2\nexit 128\n');
    chmodSync(join(bin, 'git'), 0o755);
    const result = await repo.run(['staged'], { PATH: `${bin}:${process.env.PATH}` });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('simulated failure');
    expect(result.stderr).toContain('the commit is blocked because it could not be checked');
    expect(result.stderr).toContain('git commit --no-verify');
  });
});
