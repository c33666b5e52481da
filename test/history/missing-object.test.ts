/**
 * A history that refers to an object the repository does not hold (a damaged
 * clone, a mirror that left large blobs out): `git log` fails part-way. The scan
 * ends with git's own error and what to do about it (exit 3), never with a crash
 * on an unhandled rejection, and leaving the path out as the message says makes
 * the scan go through.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planHistory, readHistory } from '../../src/sources/history.js';
import { GitError } from '../../src/errors.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('history with an object missing from the repository', () => {
  const token = githubToken(611);
  let repo: TestRepo;

  beforeAll(async () => {
    repo = await tempRepo();
    await repo.commit({ 'app/config.ts': `export const token = '${token}';\n` }, 'Add the client');
    // A binary blob, as a mirror that leaves large files out would lack it.
    await repo.commit({ 'tools/helper': Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 9, 8, 7]) }, 'Add the helper binary');
    await repo.commit({ 'README.md': '# app\n' }, 'Document');
    const oid = (await repo.git.revparse(['HEAD~1:tools/helper'])).trim();
    // Loose objects only (no gc has run): removing the file removes the object.
    rmSync(join(repo.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
  });

  it('exits 3 with git error, the missing object and the way out, and no stack trace', async () => {
    const result = await repo.run(['history', '--format', 'json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^leakgate: internal error: git log failed \(exit 128\): fatal: unable to read [0-9a-f]{40}\n/);
    expect(result.stderr).toContain('`git fsck` names what is missing');
    expect(result.stderr).toContain("leakgate history -- ':(exclude)PATH'");
    expect(result.stderr).not.toMatch(/\n\s+at |Node\.js v/);
  });

  it('goes through when the path that holds the object is left out, and still reports the secret', async () => {
    const result = await repo.run(['history', '--format', 'json', '--', ':(exclude)tools/helper']);
    // The commit that only adds the binary is not in the range any more.
    expect(result.stderr).toMatch(/^leakgate: scanned 2 commits \(.*\) in .*: 1 finding\n$/);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['app/config.ts:1 github-pat']);
  });

  it('rejects with a single error when the reader fails as git does, leaving no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const plan = await planHistory(repo.dir, { revs: [], all: false, pathspecs: [] });
      const failure = new Error('the sink gave up');
      const reading = readHistory(repo.dir, plan, { workers: 1, maxFileBytes: 1 << 20, pathspecs: [] }, {
        commit: () => {},
        note: () => {},
        fragment: () => Promise.reject(failure),
      });
      const error = await reading.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      // git's error when it had already failed, the sink's when it was stopped first.
      expect(error === failure || (error instanceof GitError && /unable to read/.test(error.stderr))).toBe(true);
      // One more turn of the event loop: a late rejection of git's exit would show here.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
