/**
 * From `npm pack` to a blocked commit, as a team adopts leakgate: the tarball is
 * packed from a clean copy of the sources, installed into fresh repositories
 * (dependencies from the npm registry), and set up with `init`, without husky and
 * with it. Slow (npm), so it runs where CI is set (as in .ci/run) or with
 * LEAKGATE_E2E=1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL } from '../../src/version.js';
import { runProcess } from '../helpers/repo.js';
import { PROJECT, sourceCopy } from '../helpers/source-copy.js';
import { githubToken } from '../helpers/secrets.js';

const RUN = Boolean(process.env.CI || process.env.LEAKGATE_E2E);
const work = mkdtempSync(join(tmpdir(), 'leakgate-package-'));
let tarball = '';

afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

async function freshProject(name: string, devDependencies: string[]): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  for (const [key, value] of [['user.name', 'Test User'], ['user.email', 'test@example.com'], ['commit.gpgsign', 'false']]) {
    if (key === 'user.name') await runProcess('git', ['init', '-q', '-b', 'main'], dir);
    await runProcess('git', ['config', key!, value!], dir);
  }
  const install = await runProcess('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...devDependencies], dir);
  expect(install.code, install.stderr).toBe(0);
  return dir;
}

async function commits(dir: string): Promise<void> {
  writeFileSync(join(dir, 'clean.ts'), 'export const answer = 42;\n');
  await runProcess('git', ['add', '.'], dir);
  const clean = await runProcess('git', ['commit', '-q', '-m', 'clean'], dir);
  expect(clean.code, clean.stderr).toBe(0);
  expect(clean.stdout + clean.stderr).toBe('leakgate: no secrets found in the staged changes.\nleakgate: no secrets found in the commit message.\n');

  const token = githubToken(81);
  writeFileSync(join(dir, 'leak.ts'), `export const token = "${token}";\n`);
  await runProcess('git', ['add', 'leak.ts'], dir);
  const blocked = await runProcess('git', ['commit', '-m', 'leak'], dir);
  expect(blocked.code).toBe(1);
  const output = blocked.stdout + blocked.stderr;
  expect(output).toContain('leak.ts:1:23  GitHub personal access token');
  // A local install is run through npx: the advice says so.
  expect(output).toContain('`npx leakgate review`');
  expect(output).not.toContain(token);
  expect((await runProcess('git', ['log', '--format=%s'], dir)).stdout).toBe('clean\n');

  const quiet = await runProcess('npx', ['--no-install', 'leakgate', 'staged', '--quiet'], dir, {});
  await runProcess('git', ['rm', '-q', '--cached', 'leak.ts'], dir);
  const nothing = await runProcess('npx', ['--no-install', 'leakgate', 'staged', '--quiet'], dir);
  expect([quiet.code, nothing.code, nothing.stdout, nothing.stderr]).toEqual([1, 0, '', '']);

  // The commit-msg hook: a token pasted into the message.
  writeFileSync(join(dir, 'notes.txt'), 'nothing secret\n');
  await runProcess('git', ['add', 'notes.txt'], dir);
  const message = await runProcess('git', ['commit', '-m', `deploy with ${token}`], dir);
  expect(message.code).toBe(1);
  expect(message.stdout + message.stderr).toContain('<commit message>:1:13  GitHub personal access token');
  expect(message.stdout + message.stderr).not.toContain(token);
  const typo = await runProcess('git', ['commit', '-q', '-m', 'fix typo'], dir);
  expect(typo.code, typo.stderr).toBe(0);
  expect((await runProcess('git', ['log', '--format=%s'], dir)).stdout).toBe('fix typo\nclean\n');
}

describe.skipIf(!RUN)('the npm package (runs with CI=1 or LEAKGATE_E2E=1)', () => {
  beforeAll(async () => {
    const source = join(work, 'source');
    sourceCopy(source);
    symlinkSync(join(PROJECT, 'node_modules'), join(source, 'node_modules'));
    const pack = await runProcess('npm', ['pack', '--pack-destination', work], source);
    expect(pack.code, pack.stderr).toBe(0);
    // Only the tarball's name on standard output: the pre-commit framework reads it so.
    expect(pack.stdout).toBe(`leakgate-${TOOL.version}.tgz\n`);
    tarball = join(work, pack.stdout.trim());
  }, 240_000);

  it('holds the licence, the hooks manifest and the build, and no code cache', () => {
    const files = execFileSync('tar', ['-tzf', tarball]).toString('utf8').split('\n').filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(['package/LICENSE', 'package/package.json', 'package/dist/bin/leakgate.cjs', 'package/dist/patterns.json', 'package/.pre-commit-hooks.yaml', 'package/action.yml']));
    expect(files.filter((file) => /\.cache$|^package\/src\/|^package\/test\//.test(file))).toEqual([]);
    const license = execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE']).toString('utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} leakgate contributors\n/);
  });

  it('installs into a fresh repository; init installs a git hook that blocks a secret and passes a clean commit', async () => {
    const dir = await freshProject('plain', []);
    const init = await runProcess('npx', ['--no-install', 'leakgate', 'init'], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('verified: .git/hooks/pre-commit blocked a probe commit');
    expect(init.stdout).toContain('verified: .git/hooks/commit-msg blocked a probe commit message');
    expect(readFileSync(join(dir, '.git/hooks/pre-commit'), 'utf8')).toContain('\nnode_modules/.bin/leakgate staged || exit 1\n');
    expect(readFileSync(join(dir, '.git/hooks/commit-msg'), 'utf8')).toContain('\nnode_modules/.bin/leakgate commit-msg "$1" || exit 1\n');
    await commits(dir);
  }, 240_000);

  it('with husky: init activates it and writes `leakgate staged` into .husky/pre-commit, `leakgate commit-msg` into .husky/commit-msg', async () => {
    const dir = await freshProject('with-husky', ['husky@9']);
    mkdirSync(join(dir, '.husky'));
    const init = await runProcess('npx', ['--no-install', 'leakgate', 'init'], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('verified: .husky/_/pre-commit blocked a probe commit');
    expect(init.stdout).toContain('verified: .husky/_/commit-msg blocked a probe commit message');
    const hook = readFileSync(join(dir, '.husky/pre-commit'), 'utf8');
    expect(hook.split('\n')[1]).toBe('leakgate staged || exit 1');
    expect(hook).not.toContain(work);
    const messageHook = readFileSync(join(dir, '.husky/commit-msg'), 'utf8');
    expect(messageHook.split('\n')[1]).toBe('leakgate commit-msg "$1" || exit 1');
    await commits(dir);
  }, 240_000);
});
