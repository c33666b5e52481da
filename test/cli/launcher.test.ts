/**
 * The executable runs the bundle through V8's code cache, kept in the user's
 * cache directory, and must behave the same whether the cache is missing, stale,
 * damaged or cannot be written.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, removeTempRepos, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('launcher', () => {
  it('builds its code cache in the user\'s cache directory, replaces a damaged one, and reports the same either way', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'leakgate-cache-'));
    try {
      const repo = await tempRepo();
      await repo.stage({ 'a.ts': `const token = "${githubToken(51)}";\n` });
      const run = (env: NodeJS.ProcessEnv = {}) =>
        runProcess(process.execPath, [CLI, 'staged', '--format', 'json'], repo.dir, { LEAKGATE_CACHE_DIR: cache, ...env });
      const cached = (): string[] => readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

      const first = await run();
      expect(first.code).toBe(1);
      const files = cached();
      expect(files.length).toBeGreaterThan(0);
      // Nothing is written beside the bundle: the package may be read-only, and serves every Node version.
      expect(readdirSync(dirname(CLI)).filter((name) => name.endsWith('.cache'))).toEqual([]);

      for (const file of files) writeFileSync(file, Buffer.from('not a code cache'));
      // Node 20's own cache files: an earlier build of this install's is removed when the cache is
      // rewritten, another install's is kept.
      const own = files.map((file) => /^(main-.+-)([0-9a-f]{8})-staged\.cache$/.exec(basename(file))).find((match) => match !== null);
      // Node 22.1 and later keep theirs under compile/ (module.enableCompileCache); Node 20, files of ours.
      expect(own !== undefined || files.some((file) => file.includes(`${join(cache, 'compile')}`))).toBe(true);
      const [family, build] = own ? [own[1]!, own[2]!] : [];
      const earlierBuild = family ? join(cache, `${family}00000000-staged.cache`) : undefined;
      const otherInstall = family ? join(cache, `${family.replace(/-[0-9a-f]{8}-$/, '-ffffffff-')}00000000-staged.cache`) : undefined;
      const otherRun = family ? join(cache, `${family}${build}-other.cache`) : undefined;
      if (earlierBuild && otherInstall && otherRun) for (const file of [earlierBuild, otherInstall, otherRun]) writeFileSync(file, 'old');
      const damaged = await run();
      if (earlierBuild && otherInstall && otherRun) {
        expect(existsSync(earlierBuild)).toBe(false);
        expect(existsSync(otherInstall)).toBe(true);
        expect(existsSync(otherRun)).toBe(true);
        rmSync(otherInstall);
        rmSync(otherRun);
      }
      expect(damaged.code).toBe(1);
      expect(damaged.stdout).toBe(first.stdout.replace(/"durationMs": \d+/, `"durationMs": ${JSON.parse(damaged.stdout).stats.durationMs}`));

      const noCache = await run({ LEAKGATE_NO_CODE_CACHE: '1' });
      expect(noCache.code).toBe(1);
      expect(JSON.parse(noCache.stdout).findings).toEqual(JSON.parse(first.stdout).findings);

      // A cache directory that cannot be made (a file is in the way) costs the cache, not the scan.
      const blockedDir = join(cache, 'a-file');
      writeFileSync(blockedDir, '');
      const unwritable = await run({ LEAKGATE_CACHE_DIR: join(blockedDir, 'sub') });
      expect(unwritable.code).toBe(1);
      expect(JSON.parse(unwritable.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
      expect(unwritable.stderr).toBe('');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
