/**
 * The review screen's writes touch only what they own: no write through a planted
 * or committed symbolic link, and concurrent reviews (real processes) keep every entry.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';
import type { ConfigEdit } from '../../src/allowlist/edit.js';
import { saveDecisions } from '../../src/allowlist/store.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';

afterAll(removeTempRepos);

const fingerprint = (n: number): string => `lg1:${n.toString(16).padStart(32, '0')}`;
const ignore = (n: number): ConfigEdit => ({ kind: 'ignore', entry: { fingerprint: fingerprint(n), rule: 'github-pat', path: 'app.ts', reason: `entry ${n}` } });
const STORE = fileURLToPath(new URL('../../dist/allowlist/store.js', import.meta.url));
const CONFIG = '# team\r\nallow:\r\n    paths: [vendor/**]\r\nignore: []\r\n';

const fingerprints = (text: string): string[] => parseConfig(text, '.leakgate.yaml').ignore.map((entry) => entry.fingerprint).sort();
const staged = async (repo: TestRepo): Promise<string> => repo.git.raw(['show', ':.leakgate.yaml']);

/** A separate process that saves one ignore entry, as a review pressing `c` does. */
function review(repo: TestRepo, n: number): Promise<{ code: number | null; stderr: string }> {
  const script = `import { saveDecisions } from ${JSON.stringify(STORE)};
await saveDecisions({ root: ${JSON.stringify(repo.dir)}, configFile: ${JSON.stringify(join(repo.dir, '.leakgate.yaml'))}, edits: [${JSON.stringify(ignore(n))}], inline: [] });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repo.dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('concurrent reviews', () => {
  it('keep every entry: rounds of writers started at once, each entry in the work tree and the index', async () => {
    const repo = await tempRepo();
    await repo.commit({ '.leakgate.yaml': CONFIG, 'app.ts': 'x\n' });
    const expected: string[] = [];
    for (let round = 0; round < 3; round++) {
      const numbers = Array.from({ length: 6 }, (_, i) => round * 6 + i + 1);
      const results = await Promise.all(numbers.map((n) => review(repo, n)));
      expect(results).toEqual(numbers.map(() => ({ code: 0, stderr: '' })));
      expected.push(...numbers.map(fingerprint));
      const text = readFileSync(join(repo.dir, '.leakgate.yaml'), 'utf8');
      expect(fingerprints(text)).toEqual([...expected].sort());
      expect(await staged(repo)).toBe(text);
      // Nothing outside the entries changed, and no lock or temporary file is left.
      expect(text.startsWith('# team\r\nallow:\r\n    paths: [vendor/**]\r\nignore:\r\n    - fingerprint: ')).toBe(true);
      expect(readdirSync(repo.dir).sort()).toEqual(['.git', '.leakgate.yaml', 'app.ts']);
    }
  }, 300_000);

  it('take over a lock left by a process that is gone', async () => {
    const repo = await tempRepo();
    await repo.commit({ '.leakgate.yaml': CONFIG });
    const gone = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('close', () => resolve(child.pid!));
    });
    writeFileSync(join(repo.dir, '.leakgate.yaml.lock'), `${gone} 0123456789abcdef ${Date.now()}\n`);
    await saveDecisions({ root: repo.dir, configFile: join(repo.dir, '.leakgate.yaml'), edits: [ignore(1)], inline: [] });
    expect(fingerprints(await staged(repo))).toEqual([fingerprint(1)]);
    expect(existsSync(join(repo.dir, '.leakgate.yaml.lock'))).toBe(false);
  });
});

describe('symbolic links', () => {
  it('refuses to write a config that is a link, and leaves what it points at alone', async () => {
    const repo = await tempRepo();
    const outside = join(mkdtempSync(join(tmpdir(), 'leakgate-outside-')), 'profile');
    writeFileSync(outside, 'export PATH=/usr/bin\n');
    symlinkSync(outside, join(repo.dir, '.leakgate.yaml'));
    await repo.stage({ 'app.ts': 'x\n' });
    await expect(saveDecisions({ root: repo.dir, configFile: join(repo.dir, '.leakgate.yaml'), edits: [ignore(1)], inline: [] })).rejects.toThrow(
      /\.leakgate\.yaml: is a symbolic link; leakgate does not write through links/,
    );
    expect(readFileSync(outside, 'utf8')).toBe('export PATH=/usr/bin\n');
    expect(lstatSync(join(repo.dir, '.leakgate.yaml')).isSymbolicLink()).toBe(true);
  });

  it('does not write through a link planted where a temporary file could be expected', async () => {
    const repo = await tempRepo();
    await repo.commit({ '.leakgate.yaml': CONFIG });
    const target = join(mkdtempSync(join(tmpdir(), 'leakgate-outside-')), 'target');
    writeFileSync(target, 'untouched\n');
    // The names an attacker could predict: the old scheme used the pid; plant a range of them.
    for (let pid = process.pid - 5; pid <= process.pid + 5; pid++) symlinkSync(target, join(repo.dir, `.leakgate.yaml.${pid}.tmp`));
    await saveDecisions({ root: repo.dir, configFile: join(repo.dir, '.leakgate.yaml'), edits: [ignore(1)], inline: [] });
    expect(readFileSync(target, 'utf8')).toBe('untouched\n');
    expect(fingerprints(readFileSync(join(repo.dir, '.leakgate.yaml'), 'utf8'))).toEqual([fingerprint(1)]);
    expect(lstatSync(join(repo.dir, '.leakgate.yaml')).isFile()).toBe(true);
  });
});
