/**
 * leakgate's three hooks for the pre-commit framework (.pre-commit-hooks.yaml), run
 * by the real `pre-commit` from a local hook repository (a copy of leakgate's
 * sources, committed, as a team's `repo:` URL would give them): `leakgate` on a
 * real commit, `leakgate-commit-msg` on its message (configured as the README
 * says, `default_install_hook_types` installing the commit-msg hook), `leakgate-files` on
 * `pre-commit run --all-files`. pre-commit
 * installs the hook repository with npm (its devDependencies, then the build), so
 * this runs where CI is set (as in .ci/run, which installs Debian's pre-commit) or
 * with LEAKGATE_E2E=1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';
import { sourceCopy } from '../helpers/source-copy.js';

const RUN = Boolean(process.env.CI || process.env.LEAKGATE_E2E);
const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const HAVE_PRE_COMMIT = version.status === 0;
if (RUN && !HAVE_PRE_COMMIT) {
  process.stderr.write('pre-commit framework tests skipped: `pre-commit` is not installed (apt-get install pre-commit, as .ci/run does)\n');
}
const work = mkdtempSync(join(tmpdir(), 'leakgate-pre-commit-'));

afterAll(() => {
  removeTempRepos();
  rmSync(work, { recursive: true, force: true });
}, 120_000);

describe.skipIf(!RUN || !HAVE_PRE_COMMIT)(`the pre-commit framework's hooks (${version.stdout?.trim() || 'pre-commit absent'}; runs with CI=1 or LEAKGATE_E2E=1)`, () => {
  it('blocks a commit adding a secret or holding one in its message, passes a clean one, and run --all-files finds a committed secret', async () => {
    const hooks = join(work, 'leakgate');
    sourceCopy(hooks);
    for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '--no-verify', '-m', 'leakgate']]) {
      expect((await runProcess('git', args, hooks)).code).toBe(0);
    }
    const rev = (await runProcess('git', ['rev-parse', 'HEAD'], hooks)).stdout.trim();

    const repo = await tempRepo();
    const env = { PRE_COMMIT_HOME: join(work, 'cache'), LEAKGATE_NO_TUI: '1' };
    repo.write({
      '.pre-commit-config.yaml':
        `default_install_hook_types: [pre-commit, commit-msg]\nrepos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n` +
        '      - id: leakgate\n        stages: [commit]\n      - id: leakgate-files\n        stages: [commit]\n      - id: leakgate-commit-msg\n',
    });
    // As the README has it: `default_install_hook_types` makes `pre-commit install` install the commit-msg hook too.
    const install = await runProcess('pre-commit', ['install'], repo.dir, env);
    expect(install.stdout).toContain('pre-commit installed at .git/hooks/commit-msg');
    expect(install.code, install.stderr).toBe(0);
    // The first run installs the hook repository (npm install, build, pack, install).
    const setUp = await runProcess('pre-commit', ['install-hooks'], repo.dir, env);
    expect(setUp.code, setUp.stdout + setUp.stderr).toBe(0);

    await repo.stage({ '.pre-commit-config.yaml': readFileSync(join(repo.dir, '.pre-commit-config.yaml'), 'utf8'), 'clean.ts': 'export const answer = 42;\n' });
    const clean = await runProcess('git', ['commit', '-m', 'clean'], repo.dir, env);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toMatch(/leakgate \(block commits that add secrets\)\.+Passed/);
    expect(clean.stdout + clean.stderr).toMatch(/leakgate \(secrets in files\)\.+Passed/);
    expect(clean.stdout + clean.stderr).toMatch(/leakgate \(block commit messages that hold secrets\)\.+Passed/);

    // A token pasted into the message: the commit-msg stage blocks it, and only leakgate-commit-msg runs there.
    const pasted = githubToken(102);
    await repo.stage({ 'notes.txt': 'nothing secret\n' });
    const message = await runProcess('git', ['commit', '-m', `deploy with ${pasted}`], repo.dir, env);
    const messageOutput = message.stdout + message.stderr;
    expect(message.code).toBe(1);
    expect(messageOutput).toMatch(/leakgate \(block commits that add secrets\)\.+Passed/);
    expect(messageOutput).toMatch(/leakgate \(block commit messages that hold secrets\)\.+Failed/);
    expect(messageOutput).toContain('<commit message>:1:13  GitHub personal access token');
    expect(messageOutput).not.toContain(pasted);
    expect(messageOutput.match(/leakgate \(secrets in files\)/g)).toHaveLength(1);
    expect(messageOutput.match(/leakgate \(block commits that add secrets\)/g)).toHaveLength(1);
    const typo = await runProcess('git', ['commit', '-m', 'fix typo'], repo.dir, env);
    expect(typo.code, typo.stdout + typo.stderr).toBe(0);
    expect((await repo.git.raw(['log', '--format=%s'])).trim().split('\n')).toEqual(['fix typo', 'clean']);

    const token = githubToken(101);
    await repo.stage({ 'leak.ts': `export const token = "${token}";\n` });
    const blocked = await runProcess('git', ['commit', '-m', 'leak'], repo.dir, env);
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.code).toBe(1);
    expect(output).toMatch(/leakgate \(block commits that add secrets\)\.+Failed/);
    expect(output).toContain('leak.ts:1:23  GitHub personal access token');
    expect(output).not.toContain(token);
    expect((await repo.git.raw(['log', '--format=%s'])).trim().split('\n')).toEqual(['fix typo', 'clean']);

    // Committed past the hook: only the files hook sees it in CI's run --all-files.
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'leak']);
    const all = await runProcess('pre-commit', ['run', '--all-files'], repo.dir, env);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/leakgate \(secrets in files\)\.+Failed/);
    expect(all.stdout).toContain('leak.ts:1:23  GitHub personal access token');
    expect(all.stdout).not.toContain(token);

    await repo.git.raw(['rm', '-q', 'leak.ts']);
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'remove']);
    const fixed = await runProcess('pre-commit', ['run', '--all-files'], repo.dir, env);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toMatch(/leakgate \(secrets in files\)\.+Passed/);
  }, 420_000);
});
