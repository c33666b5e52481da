/** Writing decisions: the work tree and the index, atomically, all or nothing. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigEdit } from '../../src/allowlist/edit.js';
import { saveDecisions } from '../../src/allowlist/store.js';
import { CONFIG_TEMPLATE } from '../../src/init.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';

afterAll(removeTempRepos);

const FP = 'lg1:0123456789abcdef0123456789abcdef';
const ignore: ConfigEdit = { kind: 'ignore', entry: { fingerprint: FP, rule: 'github-pat', path: 'app.ts', reason: 'example' } };

const staged = (repo: TestRepo, path: string) => repo.git.raw(['show', `:${path}`]);
const work = (repo: TestRepo, path: string) => readFileSync(join(repo.dir, path), 'utf8');

describe('saveDecisions', () => {
  it('writes the config and stages it, with the inline marker in the staged file and the work tree', async () => {
    const repo = await tempRepo();
    await repo.commit({ '.leakgate.yaml': CONFIG_TEMPLATE });
    await repo.stage({ 'app.ts': 'const a = 1;\nconst key = "x";\n' });
    const report = await saveDecisions({
      root: repo.dir,
      configFile: join(repo.dir, '.leakgate.yaml'),
      edits: [ignore],
      inline: [{ path: 'app.ts', line: 2 }],
    });
    expect(report).toEqual({ staged: ['app.ts', '.leakgate.yaml'], warnings: [] });
    expect(await staged(repo, 'app.ts')).toBe('const a = 1;\nconst key = "x"; // leakgate:allow\n');
    expect(work(repo, 'app.ts')).toBe('const a = 1;\nconst key = "x"; // leakgate:allow\n');
    expect(await staged(repo, '.leakgate.yaml')).toBe(work(repo, '.leakgate.yaml'));
    expect(work(repo, '.leakgate.yaml')).toContain(`  - fingerprint: ${FP}\n    rule: github-pat\n    path: app.ts\n    reason: example\n`);
    expect((await repo.git.raw(['status', '--porcelain'])).trim().split('\n').sort()).toEqual(['A  app.ts', 'M  .leakgate.yaml']);
  });

  it('leaves changes the user did not stage unstaged', async () => {
    const repo = await tempRepo();
    await repo.commit({ '.leakgate.yaml': '# ours\nignore: []\n', 'app.ts': 'x\n' });
    await repo.stage({ 'app.ts': 'const key = "x";\nmore\n' });
    // Unstaged edits on top of both files: a line added above, a comment in the config.
    repo.write({ 'app.ts': 'new first line\nconst key = "x";\nmore\n', '.leakgate.yaml': '# ours, edited\nignore: []\n' });
    const report = await saveDecisions({ root: repo.dir, configFile: join(repo.dir, '.leakgate.yaml'), edits: [ignore], inline: [{ path: 'app.ts', line: 1 }] });
    expect(report.warnings).toEqual([]);
    expect(await staged(repo, 'app.ts')).toBe('const key = "x"; // leakgate:allow\nmore\n');
    expect(work(repo, 'app.ts')).toBe('new first line\nconst key = "x"; // leakgate:allow\nmore\n');
    expect(await staged(repo, '.leakgate.yaml')).toMatch(/^# ours\nignore:\n {2}- fingerprint/);
    expect(work(repo, '.leakgate.yaml')).toMatch(/^# ours, edited\nignore:\n {2}- fingerprint/);
  });

  it('creates and stages a config that did not exist', async () => {
    const repo = await tempRepo();
    await repo.stage({ 'app.ts': 'x\n' });
    await saveDecisions({ root: repo.dir, configFile: join(repo.dir, '.leakgate.yaml'), edits: [{ kind: 'allow-path', glob: 'app.ts' }], inline: [] });
    expect(await staged(repo, '.leakgate.yaml')).toContain('allow:\n  paths:\n    - app.ts\n');
  });

  it('puts every file and index entry back when a step fails', async () => {
    const repo = await tempRepo();
    await repo.commit({ '.leakgate.yaml': CONFIG_TEMPLATE });
    await repo.stage({ 'app.ts': 'const key = "x";\n', 'package.json': '{ "key": "x" }\n' });
    const before = await repo.git.raw(['ls-files', '-s']);
    // The config edit succeeds first; the marker in a JSON file then fails.
    await expect(
      saveDecisions({
        root: repo.dir,
        configFile: join(repo.dir, '.leakgate.yaml'),
        edits: [ignore],
        inline: [
          { path: 'app.ts', line: 1 },
          { path: 'package.json', line: 1 },
        ],
      }),
    ).rejects.toThrow(/package.json:1: cannot add an inline leakgate:allow/);
    expect(await repo.git.raw(['ls-files', '-s'])).toBe(before);
    expect(work(repo, '.leakgate.yaml')).toBe(CONFIG_TEMPLATE);
    expect(work(repo, 'app.ts')).toBe('const key = "x";\n');
  });

  it('refuses to overwrite a config that does not parse', async () => {
    const repo = await tempRepo();
    writeFileSync(join(repo.dir, '.leakgate.yaml'), 'allow: [\n');
    await repo.stage({ 'app.ts': 'x\n' });
    await expect(saveDecisions({ root: repo.dir, configFile: join(repo.dir, '.leakgate.yaml'), edits: [ignore], inline: [] })).rejects.toThrow(/not valid YAML/);
    expect(work(repo, '.leakgate.yaml')).toBe('allow: [\n');
  });
});
