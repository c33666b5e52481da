/**
 * The executable runs the bundle through V8's code cache, and must behave the
 * same whether the cache is missing, stale or damaged.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, removeTempRepos, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('launcher', () => {
  it('writes a missing cache, replaces a damaged one, and reports the same either way', async () => {
    // A private copy of dist/ (bin/ and the rules), so other tests keep their cache.
    const dist = mkdtempSync(join(tmpdir(), 'leakgate-dist-'));
    const bin = join(dist, 'bin');
    cpSync(dirname(CLI), bin, { recursive: true });
    cpSync(join(dirname(CLI), '..', 'patterns.json'), join(dist, 'patterns.json'));
    for (const name of readdirSync(bin)) if (name.endsWith('.cache')) rmSync(join(bin, name));
    try {
      const repo = await tempRepo();
      await repo.stage({ 'a.ts': `const token = "${githubToken(51)}";\n` });
      const run = () => runProcess(process.execPath, [join(bin, 'leakgate.cjs'), 'staged', '--format', 'json'], repo.dir);
      const cacheFile = (): string | undefined => readdirSync(bin).find((name) => name.endsWith('.cache'));

      const first = await run();
      expect(first.code).toBe(1);
      const name = cacheFile();
      expect(name).toBe(`.leakgate-main-${process.version}-${process.arch}.cache`);

      writeFileSync(join(bin, name!), Buffer.from('not a code cache'));
      const damaged = await run();
      expect(damaged.code).toBe(1);
      expect(damaged.stdout).toBe(first.stdout.replace(/"durationMs": \d+/, `"durationMs": ${JSON.parse(damaged.stdout).stats.durationMs}`));
      expect(readFileSync(join(bin, name!)).length).toBeGreaterThan(1000);

      const noCache = await runProcess(process.execPath, [join(bin, 'leakgate.cjs'), 'staged', '--format', 'json'], repo.dir, {
        LEAKGATE_NO_CODE_CACHE: '1',
      });
      expect(noCache.code).toBe(1);
      expect(JSON.parse(noCache.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
