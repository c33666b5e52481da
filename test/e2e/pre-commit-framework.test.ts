/**
 * leakgate's two hooks for the pre-commit framework (.pre-commit-hooks.yaml), run
 * by the real `pre-commit` from a local hook repository (a copy of leakgate's
 * sources, committed, as a team's `repo:` URL would give them): `leakgate` on a
 * real commit, `leakgate-files` on `pre-commit run --all-files`. pre-commit
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
  it('blocks a commit adding a secret, passes a clean one, and run --all-files finds a committed secret', async () => {
    const hooks = join(work, 'leakgate');
    sourceCopy(hooks);
    for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '--no-verify', '-m', 'leakgate']]) {
      expect((await runProcess('git', args, hooks)).code).toBe(0);
    }
    const rev = (await runProcess('git', ['rev-parse', 'HEAD'], hooks)).stdout.trim();

    const repo = await tempRepo();
    const env = { PRE_COMMIT_HOME: join(work, 'cache'), LEAKGATE_NO_TUI: '1' };
    repo.write({
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: leakgate\n      - id: leakgate-files\n`,
    });
    const install = await runProcess('pre-commit', ['install'], repo.dir, env);
    expect(install.code, install.stderr).toBe(0);
    // The first run installs the hook repository (npm install, build, pack, install).
    const setUp = await runProcess('pre-commit', ['install-hooks'], repo.dir, env);
    expect(setUp.code, setUp.stdout + setUp.stderr).toBe(0);

    await repo.stage({ '.pre-commit-config.yaml': readFileSync(join(repo.dir, '.pre-commit-config.yaml'), 'utf8'), 'clean.ts': 'export const answer = 42;\n' });
    const clean = await runProcess('git', ['commit', '-m', 'clean'], repo.dir, env);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toMatch(/leakgate \(block commits that add secrets\)\.+Passed/);
    expect(clean.stdout + clean.stderr).toMatch(/leakgate \(secrets in files\)\.+Passed/);

    const token = githubToken(101);
    await repo.stage({ 'leak.ts': `export const token = "${token}";\n` });
    const blocked = await runProcess('git', ['commit', '-m', 'leak'], repo.dir, env);
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.code).toBe(1);
    expect(output).toMatch(/leakgate \(block commits that add secrets\)\.+Failed/);
    expect(output).toContain('leak.ts:1:23  GitHub personal access token');
    expect(output).not.toContain(token);
    expect((await repo.git.raw(['log', '--format=%s'])).trim()).toBe('clean');

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
