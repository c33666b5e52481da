/**
 * An archive above `limits.archiveBytes` is not opened; scanned instead as a
 * binary's printable strings, its compressed members passed unseen and the hook
 * let the commit through. It is content left unscanned: named, and the commit
 * blocked, as for any other budget.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';
import { zip } from '../helpers/archives.js';

afterAll(() => removeTempRepos());

describe('an archive above the archive budget', () => {
  it('blocks the commit through the installed hook, naming the archive and the setting; history and files say the same', async () => {
    const repo = await tempRepo();
    const init = await repo.run(['init']);
    expect(init.code, init.stderr).toBe(0);
    await repo.commit({ '.leakgate.yaml': 'limits:\n  archiveBytes: 100\n' }, 'config');
    const secret = githubToken(45);
    const archive = Buffer.from(zip({ 'app/.env': `TOKEN=${secret}\n${'padding line\n'.repeat(20)}` }));
    expect(archive.length).toBeGreaterThan(100);
    await repo.stage({ 'bundle.zip': archive });
    const commit = await runProcess('git', ['commit', '-m', 'add'], repo.dir, { LEAKGATE_NO_TUI: '1' });
    const output = commit.stdout + commit.stderr;
    expect(commit.code, output).not.toBe(0);
    expect(output).toContain(`bundle.zip: not opened: an archive of ${archive.length} B, above the 100 B limit on archives`);
    expect(output).toContain('Commit blocked: part of it could not be scanned.');
    expect(output).not.toContain(secret);

    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'add']);
    const history = await repo.run(['history', 'HEAD~1..HEAD', '--format', 'json']);
    expect(history.code, history.stderr).toBe(2);
    expect((JSON.parse(history.stdout) as { notScanned: { path: string; level: string }[] }).notScanned).toEqual([
      { path: 'bundle.zip', message: `not opened: an archive of ${archive.length} B, above the 100 B limit on archives`, level: 'unscanned' },
    ]);
    const files = await repo.run(['files', 'bundle.zip']);
    expect(files.code, files.stdout).toBe(2);
    // Within the budget, the member is found.
    const opened = await repo.run(['files', 'bundle.zip', '--no-config', '--format', 'json']);
    expect(opened.code).toBe(1);
    expect((JSON.parse(opened.stdout) as { findings: { file: string; line: number }[] }).findings.map((f) => `${f.file}:${f.line}`)).toEqual(['bundle.zip!app/.env:1']);
  });
});
