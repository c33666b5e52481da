/**
 * Server-side: a bare repository whose pre-receive hook is `leakgate pre-receive`,
 * and real `git push`es to it.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pushedTips } from '../../src/commands/pre-receive.js';
import { CLI, removeTempRepos, runCli, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

async function server(): Promise<{ bare: string; hookLog: string }> {
  const bare = join(mkdtempSync(join(tmpdir(), 'leakgate-server-')), 'origin.git');
  expect((await runProcess('git', ['init', '-q', '--bare', '-b', 'main', bare], tmpdir())).code).toBe(0);
  const hookLog = join(bare, 'scanned.log');
  // The hook logs how many commits each push brought, from leakgate's summary line.
  writeFileSync(
    join(bare, 'hooks', 'pre-receive'),
    `#!/bin/sh\n'${process.execPath}' '${CLI}' pre-receive --no-color 2>"$GIT_DIR/last.err"\nstatus=$?\ncat "$GIT_DIR/last.err" >&2\ngrep -o 'scanned [0-9]* commit' "$GIT_DIR/last.err" >> '${hookLog}' || echo 'scanned nothing' >> '${hookLog}'\nexit $status\n`,
  );
  chmodSync(join(bare, 'hooks', 'pre-receive'), 0o755);
  return { bare, hookLog };
}

describe('leakgate pre-receive', () => {
  it('reads the new tips of a push, ignoring deletions', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const zero = '0'.repeat(40);
    expect(pushedTips(`${zero} ${a} refs/heads/new\n${a} ${b} refs/heads/main\n${b} ${zero} refs/heads/gone\n`)).toEqual([a, b]);
    expect(pushedTips(`${b} ${zero} refs/heads/gone\n`)).toEqual([]);
  });

  it('refuses a push that adds a secret, and scans exactly the commits each push brings', async () => {
    const { bare, hookLog } = await server();
    const repo = await tempRepo();
    await repo.git.raw(['checkout', '-q', '-b', 'main']);
    await repo.git.raw(['remote', 'add', 'origin', bare]);
    await repo.commit({ 'a.txt': 'one\n' }, 'one');
    await repo.commit({ 'b.txt': 'two\n' }, 'two');
    const first = await runProcess('git', ['push', 'origin', 'main'], repo.dir);
    expect(first.code).toBe(0);

    // A new branch whose tip is an old commit brings nothing new.
    expect((await runProcess('git', ['push', 'origin', 'main~1:refs/heads/old'], repo.dir)).code).toBe(0);

    const token = githubToken(61);
    await repo.git.raw(['checkout', '-q', '-b', 'feature']);
    await repo.commit({ 'c.txt': 'three\n' }, 'three');
    await repo.commit({ 'src/config.ts': `export const token = "${token}";\n` }, 'leak');
    const refused = await runProcess('git', ['push', 'origin', 'feature'], repo.dir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('! [remote rejected] feature -> feature (pre-receive hook declined)');
    expect(refused.stderr).toMatch(/remote: +src\/config\.ts:1:23 +GitHub personal access token/);
    expect(refused.stderr).toContain('leakgate: push refused');
    expect(refused.stderr).not.toContain(token);
    expect((await runProcess('git', ['--git-dir', bare, 'rev-parse', '--verify', '-q', 'refs/heads/feature'], tmpdir())).code).toBe(1);

    // The clean part of the branch is accepted; deleting a branch scans nothing.
    expect((await runProcess('git', ['push', 'origin', 'feature~1:refs/heads/feature'], repo.dir)).code).toBe(0);
    expect((await runProcess('git', ['push', 'origin', ':old'], repo.dir)).code).toBe(0);

    const log = (await runProcess('cat', [hookLog], tmpdir())).stdout.trim().split('\n');
    expect(log).toEqual(['scanned 2 commit', 'scanned 0 commit', 'scanned 2 commit', 'scanned 1 commit', 'scanned nothing']);
  });

  it('lets leakgate history scan a bare repository, with the config committed on its default branch', async () => {
    const { bare } = await server();
    const repo = await tempRepo();
    await repo.git.raw(['checkout', '-q', '-b', 'main']);
    await repo.git.raw(['remote', 'add', 'origin', bare]);
    const token = githubToken(62);
    await repo.commit({ 'docs/example.md': `token: ${token}\n` }, 'docs');
    await runProcess('git', ['-c', 'core.hooksPath=/dev/null', 'push', '--no-verify', 'origin', 'main'], repo.dir);
    // The hook refused that push; put it there as an older server would have.
    await runProcess('git', ['--git-dir', bare, 'fetch', '-q', repo.dir, 'main:main'], tmpdir());

    const found = await runCli(['history', '--format', 'json'], bare);
    expect(found.code).toBe(1);
    expect(JSON.parse(found.stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['docs/example.md:1']);

    await repo.commit({ '.leakgate.yaml': 'allow:\n  paths: ["docs/**"]\n' }, 'allow docs');
    await runProcess('git', ['--git-dir', bare, 'fetch', '-q', repo.dir, 'main:main'], tmpdir());
    const allowed = await runCli(['history', '--format', 'json'], bare);
    expect(allowed.stderr).toContain('scanned 2 commits');
    expect(allowed.code).toBe(0);
  });
});
