import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_TEMPLATE, HOOK_MARKER } from '../../src/init.js';
import { CLI, removeTempRepos, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('leakgate init and the pre-commit hook', () => {
  it('installs a git hook that blocks a commit adding a secret and lets a clean one through', async () => {
    const repo = await tempRepo();
    const init = await repo.run(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('wrote .leakgate.yaml');
    expect(init.stdout).toContain('wrote .git/hooks/pre-commit');
    expect(readFileSync(join(repo.dir, '.leakgate.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
    const hook = readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8');
    const [shebang, marker, command] = hook.split('\n');
    expect([shebang, marker]).toEqual(['#!/bin/sh', `${HOOK_MARKER} (bypass once: git commit --no-verify)`]);
    expect(command).toMatch(new RegExp(`^'?${process.execPath}'? ${CLI} staged \\|\\| exit 1$`));

    await repo.stage({ 'clean.ts': 'export const answer = 42;\n', '.leakgate.yaml': CONFIG_TEMPLATE });
    const clean = await runProcess('git', ['commit', '-m', 'clean'], repo.dir);
    expect(clean.code).toBe(0);

    const token = githubToken(21);
    await repo.stage({ 'leak.ts': `export const token = "${token}";\n` });
    const blocked = await runProcess('git', ['commit', '-m', 'leak'], repo.dir);
    expect(blocked.code).toBe(1);
    const output = blocked.stdout + blocked.stderr;
    expect(output).toContain('leak.ts:1:23');
    expect(output).toContain('git commit --no-verify');
    expect(output).not.toContain(token);
    expect((await repo.git.raw(['log', '--format=%s'])).trim()).toBe('clean');
  });

  it('writes husky’s hook when the repository uses husky, and keeps an existing hook’s lines', async () => {
    const repo = await tempRepo();
    writeFileSync(join(repo.dir, 'placeholder'), '');
    repo.write({ '.husky/pre-commit': 'npm run lint\n' });
    const init = await repo.run(['init']);
    expect(init.code).toBe(0);
    const hook = readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8');
    expect(hook.startsWith('npm run lint\n\n' + HOOK_MARKER)).toBe(true);
    expect(hook).toContain(' staged || exit 1\n');
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);

    const again = await repo.run(['init']);
    expect(again.stdout).toContain('kept .leakgate.yaml');
    expect(again.stdout).toContain('kept .husky/pre-commit');
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe(hook);
  });

  it('uses the project’s own install when leakgate is a dependency', async () => {
    const repo = await tempRepo();
    repo.write({ 'node_modules/.bin/leakgate': '#!/bin/sh\n', '.husky/.keep': '' });
    await repo.run(['init']);
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toContain('npx --no-install leakgate staged || exit 1');
  });

  it('installs where core.hooksPath points', async () => {
    const repo = await tempRepo();
    await runProcess('git', ['config', 'core.hooksPath', 'tools/hooks'], repo.dir);
    const init = await repo.run(['init']);
    expect(init.stdout).toContain('wrote tools/hooks/pre-commit');
    expect(readFileSync(join(repo.dir, 'tools/hooks/pre-commit'), 'utf8')).toContain(HOOK_MARKER);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
  });
});
