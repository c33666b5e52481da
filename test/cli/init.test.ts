import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_TEMPLATE, HOOK_MARKER, hookCommand, InitRefusal, MESSAGE_HOOK_MARKER, PRE_COMMIT_INSTALL, PRE_COMMIT_SNIPPET, withLeakgate } from '../../src/init.js';
import { CLI, removeTempRepos, runProcess, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const BLOCK = `${HOOK_MARKER} (bypass once: git commit --no-verify)\nleakgate staged || exit 1`;
const MESSAGE_BLOCK = `${MESSAGE_HOOK_MARKER} (bypass once: git commit --no-verify)\nleakgate commit-msg "$1" || exit 1`;
const PROJECT = join(dirname(CLI), '..', '..');

/** Makes `repo` look like a project with leakgate installed: node_modules/leakgate and its bin link. */
function installLocally(repo: TestRepo): void {
  mkdirSync(join(repo.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(PROJECT, join(repo.dir, 'node_modules', 'leakgate'));
  symlinkSync('../leakgate/dist/bin/leakgate.cjs', join(repo.dir, 'node_modules', '.bin', 'leakgate'));
}

async function commitThroughHook(repo: TestRepo): Promise<{ clean: number | null; blocked: number | null; output: string }> {
  await repo.stage({ 'clean.ts': 'export const answer = 42;\n' });
  const clean = await runProcess('git', ['commit', '-q', '-m', 'clean'], repo.dir);
  const token = githubToken(21);
  await repo.stage({ 'leak.ts': `export const token = "${token}";\n` });
  const blocked = await runProcess('git', ['commit', '-m', 'leak'], repo.dir);
  const output = blocked.stdout + blocked.stderr;
  expect(output).not.toContain(token);
  return { clean: clean.code, blocked: blocked.code, output };
}

/** `git commit -m` with a token in the message, then with a clean one, through the installed hooks. */
async function commitMessagesThroughHook(repo: TestRepo): Promise<{ clean: number | null; blocked: number | null; output: string }> {
  // What commitThroughHook left staged would block the commit before its message is checked.
  await repo.git.raw(['rm', '-q', '--cached', '--ignore-unmatch', 'leak.ts']);
  await repo.stage({ 'notes.txt': 'nothing secret\n' });
  const token = githubToken(22);
  const blocked = await runProcess('git', ['commit', '-m', `deploy with ${token}`], repo.dir);
  const output = blocked.stdout + blocked.stderr;
  expect(output).not.toContain(token);
  const clean = await runProcess('git', ['commit', '-q', '-m', 'fix typo'], repo.dir);
  expect(clean.stdout + clean.stderr).not.toContain('secret found');
  return { clean: clean.code, blocked: blocked.code, output };
}

describe('withLeakgate: where the hook lines go in an existing hook', () => {
  const valid: [string, string | undefined, string][] = [
    ['a new git hook', undefined, `#!/bin/sh\n${BLOCK}\n`],
    ['a hook that ends in exit 0', '#!/bin/sh\nnpm run lint\nexit 0\n', `#!/bin/sh\n\n${BLOCK}\n\nnpm run lint\nexit 0\n`],
    ['a hook that ends in exec', '#!/usr/bin/env bash\nset -e\nexport PATH="$HOME/bin:$PATH"\nexec lint-staged\n', `#!/usr/bin/env bash\nset -e\nexport PATH="$HOME/bin:$PATH"\n\n${BLOCK}\n\nexec lint-staged\n`],
    ['a conditional exit inside a block', '#!/bin/sh\nif [ -n "$SKIP" ]; then\n  exit 0\nfi\nmake check\n', `#!/bin/sh\n\n${BLOCK}\n\nif [ -n "$SKIP" ]; then\n  exit 0\nfi\nmake check\n`],
    ['husky 8 set-up line kept first', '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\n', `#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n${BLOCK}\n\nnpx lint-staged\n`],
    ['a husky 9 hook (no shebang)', 'npm test\n', `${BLOCK}\n\nnpm test\n`],
  ];
  for (const [name, existing, expected] of valid) {
    it(name, () => expect(withLeakgate(existing, 'leakgate staged', false)).toBe(expected));
  }

  it('leaves a hook that already runs leakgate alone', () => {
    expect(withLeakgate(`#!/bin/sh\n${BLOCK}\n`, 'leakgate staged', false)).toBeUndefined();
    expect(withLeakgate(`#!/bin/sh\n${MESSAGE_BLOCK}\n`, 'leakgate commit-msg "$1"', false, 'commit-msg')).toBeUndefined();
  });

  it('the commit-msg hook gets its own marker and command, before a commitlint line', () => {
    const commitlint = 'npx --no -- commitlint --edit "$1"\n';
    expect(withLeakgate(commitlint, 'leakgate commit-msg "$1"', true, 'commit-msg')).toBe(`${MESSAGE_BLOCK}\n\n${commitlint}`);
    expect(withLeakgate(undefined, 'leakgate commit-msg "$1"', false, 'commit-msg')).toBe(`#!/bin/sh\n${MESSAGE_BLOCK}\n`);
    // The pre-commit hook's marker in a commit-msg hook does not count as leakgate's commit-msg lines.
    expect(withLeakgate(`#!/bin/sh\n${BLOCK}\n`, 'leakgate commit-msg "$1"', false, 'commit-msg')).toContain(MESSAGE_BLOCK);
  });

  const refused: [string, string, RegExp][] = [
    ['a Python hook', '#!/usr/bin/env python3\nprint("hi")\n', /not a shell script \(python3\)/],
    ['a Node hook', '#!/usr/bin/node\nconsole.log(1)\n', /not a shell script \(node\)/],
    ['the pre-commit framework’s hook', '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec python3 -mpre_commit "$@"\n', /pre-commit framework/],
  ];
  for (const [name, existing, message] of refused) {
    it(`refuses ${name}`, () => {
      let error: unknown;
      try {
        withLeakgate(existing, 'leakgate staged', false);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InitRefusal);
      expect((error as InitRefusal).message).toMatch(message);
      expect((error as InitRefusal).advice).toContain(name.includes('framework') ? PRE_COMMIT_SNIPPET : 'leakgate staged');
    });
  }

  it('refuses a non-shell commit-msg hook, naming the marker that tells init it is set up', () => {
    expect(() => withLeakgate('#!/usr/bin/env python3\nimport sys\n', 'leakgate commit-msg "$1"', false, 'commit-msg')).toThrow(
      /the existing commit-msg hook is not a shell script \(python3\)/,
    );
    try {
      withLeakgate('#!/usr/bin/env python3\nimport sys\n', 'leakgate commit-msg "$1"', false, 'commit-msg');
    } catch (error) {
      expect((error as InitRefusal).advice).toContain(MESSAGE_HOOK_MARKER);
      expect((error as InitRefusal).advice).toContain('leakgate commit-msg "$1"');
    }
    expect(withLeakgate(`#!/usr/bin/env python3\n# ${MESSAGE_HOOK_MARKER}\n`, 'leakgate commit-msg "$1"', false, 'commit-msg')).toBeUndefined();
  });
});

describe('hookCommand: portable commands only in committed hook files', () => {
  it('never names npx’s cache, committed or not', () => {
    const cli = '/home/u/.npm/_npx/1a2b3c/node_modules/leakgate/dist/bin/leakgate.cjs';
    expect(() => hookCommand('/tmp/none', cli, { husky: false, committed: false })).toThrow(/npx’s cache/);
    expect(() => hookCommand('/tmp/none', cli, { husky: true, committed: true })).toThrow(/npx’s cache/);
  });

  it('refuses a path on this machine in a committed file, and allows it in .git/hooks', () => {
    const cli = '/opt/tools/leakgate/dist/bin/leakgate.cjs';
    expect(() => hookCommand('/tmp/none', cli, { husky: false, committed: true })).toThrow(InitRefusal);
    expect(hookCommand('/tmp/none', cli, { husky: false, committed: false })).toMatch(/ \/opt\/tools\/leakgate\/dist\/bin\/leakgate\.cjs staged$/);
  });

  it('runs leakgate’s own checkout through its bundle, by a relative path', () => {
    expect(hookCommand(PROJECT, join(PROJECT, 'dist', 'bin', 'leakgate.cjs'), { husky: true, committed: true })).toBe('node dist/bin/leakgate.cjs staged');
    expect(hookCommand(PROJECT, join(PROJECT, 'dist', 'bin', 'leakgate.cjs'), { husky: true, committed: true }, 'commit-msg')).toBe(
      'node dist/bin/leakgate.cjs commit-msg "$1"',
    );
  });
});

describe('leakgate init and the pre-commit hook', () => {
  it('installs a git hook, proves it on a probe, blocks a commit adding a secret and lets a clean one through', async () => {
    const repo = await tempRepo();
    const init = await repo.run(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('wrote .leakgate.yaml');
    expect(init.stdout).toContain('wrote .git/hooks/pre-commit');
    expect(init.stdout).toContain('wrote .git/hooks/commit-msg');
    expect(init.stdout).toContain('verified: .git/hooks/pre-commit blocked a probe commit holding a fake secret.');
    expect(init.stdout).toContain('verified: .git/hooks/commit-msg blocked a probe commit message holding a fake secret.');
    expect(init.stdout).toContain('Commits that add secrets, in their changes or in their message, are now blocked.');
    expect(init.stdout).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    expect(readFileSync(join(repo.dir, '.leakgate.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
    // The probe touched neither the index nor the work tree.
    expect((await repo.git.raw(['status', '--porcelain'])).trim()).toBe('?? .leakgate.yaml');
    const [shebang, marker, command] = readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8').split('\n');
    expect([shebang, marker]).toEqual(['#!/bin/sh', `${HOOK_MARKER} (bypass once: git commit --no-verify)`]);
    // .git/hooks is not committed: outside the repository, the executable may be named.
    expect(command).toMatch(new RegExp(`^'?${process.execPath}'? ${CLI} staged \\|\\| exit 1$`));
    const [messageShebang, messageMarker, messageCommand] = readFileSync(join(repo.dir, '.git/hooks/commit-msg'), 'utf8').split('\n');
    expect([messageShebang, messageMarker]).toEqual(['#!/bin/sh', `${MESSAGE_HOOK_MARKER} (bypass once: git commit --no-verify)`]);
    expect(messageCommand).toMatch(new RegExp(`^'?${process.execPath}'? ${CLI} commit-msg "\\$1" \\|\\| exit 1$`));

    const commits = await commitThroughHook(repo);
    expect(commits.clean).toBe(0);
    expect(commits.blocked).toBe(1);
    expect(commits.output).toContain('leak.ts:1:23');
    expect(commits.output).toContain('git commit --no-verify');
    expect((await repo.git.raw(['log', '--format=%s'])).trim()).toBe('clean');

    const messages = await commitMessagesThroughHook(repo);
    expect([messages.blocked, messages.clean]).toEqual([1, 0]);
    expect(messages.output).toContain('leakgate: 1 secret found in the commit message');
    expect(messages.output).toContain('<commit message>:1:13  GitHub personal access token (classic)');
    expect(messages.output).toContain('git commit --no-verify');
    expect((await repo.git.raw(['log', '--format=%s'])).trim().split('\n')).toEqual(['fix typo', 'clean']);
  });

  it('chains an existing commit-msg hook, which still runs after leakgate', async () => {
    const repo = await tempRepo();
    repo.write({ '.git/hooks/commit-msg': '#!/bin/sh\necho "checked: $(head -n 1 "$1")" >&2\n' });
    const init = await repo.run(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('verified: .git/hooks/commit-msg blocked a probe commit message');
    expect(readFileSync(join(repo.dir, '.git/hooks/commit-msg'), 'utf8')).toMatch(/^#!\/bin\/sh\n\n# leakgate: block commit messages that hold secrets .*\n.* commit-msg "\$1" \|\| exit 1\n\necho "checked/);
    await repo.stage({ 'notes.txt': 'x\n' });
    const clean = await runProcess('git', ['commit', '-m', 'fix typo'], repo.dir);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toContain('checked: fix typo');
  });

  it('puts its line before an existing hook’s exit, so that it runs', async () => {
    const repo = await tempRepo();
    repo.write({ '.git/hooks/pre-commit': '#!/bin/sh\necho checking\nexit 0\n' });
    const init = await repo.run(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('verified');
    const commits = await commitThroughHook(repo);
    expect([commits.clean, commits.blocked]).toEqual([0, 1]);
  });

  it('refuses a non-shell hook and the pre-commit framework’s, writing nothing', async () => {
    const repo = await tempRepo();
    repo.write({ '.git/hooks/pre-commit': '#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n' });
    const python = await repo.run(['init']);
    expect(python.code).toBe(2);
    expect(python.stderr).toContain('the hooks were not installed (nothing was written): the existing pre-commit hook is not a shell script (python3)');
    expect(existsSync(join(repo.dir, '.git/hooks/commit-msg'))).toBe(false);
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8')).toBe('#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n');
    expect(existsSync(join(repo.dir, '.leakgate.yaml'))).toBe(false);

    repo.write({ '.git/hooks/pre-commit': '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit "$@"\n' });
    const framework = await repo.run(['init']);
    expect(framework.code).toBe(2);
    expect(framework.stderr).toContain('Instead, add leakgate to .pre-commit-config.yaml:');
    expect(framework.stderr).toContain(PRE_COMMIT_SNIPPET);
    expect(framework.stderr).toContain(PRE_COMMIT_INSTALL);
  });

  it('refuses a commit-msg hook it cannot add to, writing neither hook', async () => {
    const repo = await tempRepo();
    const framework = '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit "$@"\n';
    repo.write({ '.git/hooks/commit-msg': framework });
    const init = await repo.run(['init']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('this repository’s commit-msg hook is the pre-commit framework’s');
    expect(init.stderr).toContain('id: leakgate-commit-msg');
    expect(init.stderr).toContain(PRE_COMMIT_INSTALL);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(join(repo.dir, '.leakgate.yaml'))).toBe(false);
    expect(readFileSync(join(repo.dir, '.git/hooks/commit-msg'), 'utf8')).toBe(framework);
  });

  it('refuses .husky/ when husky is not active and cannot be activated', async () => {
    const repo = await tempRepo();
    installLocally(repo);
    repo.write({ '.husky/pre-commit': 'npm test\n' });
    const init = await repo.run(['init']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('.husky/ exists but husky is not active (core.hooksPath is not set)');
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe('npm test\n');
  });

  it('activates husky when .husky/ exists without core.hooksPath, and writes both hooks there', async () => {
    const repo = await tempRepo();
    installLocally(repo);
    cpSync(join(PROJECT, 'node_modules', 'husky'), join(repo.dir, 'node_modules', 'husky'), { recursive: true });
    repo.write({ '.husky/pre-commit': 'echo husky-ran\n' });
    const init = await repo.run(['init']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('verified: .husky/_/pre-commit blocked a probe commit');
    expect(init.stdout).toContain('verified: .husky/_/commit-msg blocked a probe commit message');
    expect((await repo.git.raw(['config', 'core.hooksPath'])).trim()).toBe('.husky/_');
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe(`${BLOCK}\n\necho husky-ran\n`);
    expect(readFileSync(join(repo.dir, '.husky/commit-msg'), 'utf8')).toBe(`${MESSAGE_BLOCK}\n`);
    const commits = await commitThroughHook(repo);
    expect([commits.clean, commits.blocked]).toEqual([0, 1]);
    expect(commits.output).toContain('leak.ts:1:23');
    const messages = await commitMessagesThroughHook(repo);
    expect([messages.blocked, messages.clean]).toEqual([1, 0]);
    expect(messages.output).toContain('<commit message>:1:13  GitHub personal access token (classic)');
    expect(messages.output).toContain('husky - commit-msg script failed (code 1)');

    const again = await repo.run(['init']);
    expect(again.stdout).toContain('kept .leakgate.yaml');
    expect(again.stdout).toContain('kept .husky/pre-commit');
    expect(again.stdout).toContain('kept .husky/commit-msg');
  });

  it('uses the repository’s own install by a relative path where core.hooksPath points into the work tree', async () => {
    const repo = await tempRepo();
    installLocally(repo);
    await runProcess('git', ['config', 'core.hooksPath', 'tools/hooks'], repo.dir);
    const init = await repo.run(['init']);
    expect(init.stdout).toContain('wrote tools/hooks/pre-commit');
    expect(readFileSync(join(repo.dir, 'tools/hooks/pre-commit'), 'utf8')).toBe(`#!/bin/sh\n${HOOK_MARKER} (bypass once: git commit --no-verify)\nnode_modules/.bin/leakgate staged || exit 1\n`);
    expect(readFileSync(join(repo.dir, 'tools/hooks/commit-msg'), 'utf8')).toBe(
      `#!/bin/sh\n${MESSAGE_HOOK_MARKER} (bypass once: git commit --no-verify)\nnode_modules/.bin/leakgate commit-msg "$1" || exit 1\n`,
    );
    expect(init.stdout).toContain('verified: tools/hooks/pre-commit');
    expect(init.stdout).toContain('verified: tools/hooks/commit-msg');
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(join(repo.dir, '.git/hooks/commit-msg'))).toBe(false);
  });

  it('refuses a committed hook file when leakgate is not installed in the repository', async () => {
    const repo = await tempRepo();
    await runProcess('git', ['config', 'core.hooksPath', 'tools/hooks'], repo.dir);
    const init = await repo.run(['init']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('the hook file is committed: it must not name a path on this machine');
    expect(existsSync(join(repo.dir, 'tools/hooks/pre-commit'))).toBe(false);
    expect(existsSync(join(repo.dir, 'tools/hooks/commit-msg'))).toBe(false);
  });

  it('says NOT verified, and exits 1, when the installed hook lets the probe through', async () => {
    const repo = await tempRepo();
    // leakgate's marker is there, but the command that follows was edited into one that checks nothing.
    repo.write({ '.git/hooks/pre-commit': `#!/bin/sh\n${HOOK_MARKER}\ntrue || exit 1\n` });
    const init = await repo.run(['init']);
    expect(init.code).toBe(1);
    expect(init.stdout).toContain('kept .git/hooks/pre-commit');
    expect(init.stdout).not.toContain('verified: .git/hooks/pre-commit');
    expect(init.stdout).not.toContain('are now blocked');
    expect(init.stderr).toContain('NOT verified: .git/hooks/pre-commit did not block a probe commit holding a fake secret (exit 0)');
    // The commit-msg hook it wrote is checked on its own.
    expect(init.stdout).toContain('verified: .git/hooks/commit-msg blocked a probe commit message holding a fake secret.');
  });

  it('says NOT verified when the commit-msg hook lets the probe message through', async () => {
    const repo = await tempRepo();
    repo.write({ '.git/hooks/commit-msg': `#!/bin/sh\n${MESSAGE_HOOK_MARKER}\ntrue || exit 1\n` });
    const init = await repo.run(['init']);
    expect(init.code).toBe(1);
    expect(init.stdout).toContain('kept .git/hooks/commit-msg');
    expect(init.stdout).toContain('verified: .git/hooks/pre-commit blocked a probe commit holding a fake secret.');
    expect(init.stderr).toContain('NOT verified: .git/hooks/commit-msg did not block a probe commit message holding a fake secret (exit 0)');
  });
});
