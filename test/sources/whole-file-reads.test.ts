/**
 * A history lane asks `git cat-file` for the manifests it will parse whole before
 * it reaches them (`WholeFileReads`), so that git answers while the files before
 * are detected: at most `WHOLE_FILES_AHEAD` contents are asked for and not yet
 * handed on, each file still gets its own content, and files that are not read
 * whole (plain text, a manifest whose added lines cannot matter) are never asked for.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BlobReader } from '../../src/sources/git.js';
import { planHistory, readHistory, WHOLE_FILES_AHEAD } from '../../src/sources/history.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/sources/source.js';
import type { Fragment } from '../../src/types.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';

const MANIFESTS = 20;

const manifest = (i: number): string =>
  // leakgate:allow (test input: a placeholder password in a test manifest)
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-${i}\nstringData:\n  password: changeme-${i}\n`;

describe('whole-file reads in history', () => {
  let repo: TestRepo;

  beforeAll(async () => {
    repo = await tempRepo();
    const files: Record<string, string> = { 'README.md': 'The password is in the vault.\n', 'deploy/replicas.yaml': 'replicas: 3\n' };
    for (let i = 0; i < MANIFESTS; i++) files[`deploy/secret-${String(i).padStart(2, '0')}.yaml`] = manifest(i);
    await repo.commit(files, 'Add manifests');
  });
  afterAll(removeTempRepos);
  afterEach(() => vi.restoreAllMocks());

  it('asks for manifests ahead, at most WHOLE_FILES_AHEAD at a time, each with its own content', async () => {
    const asked: string[] = [];
    const read = BlobReader.prototype.read;
    vi.spyOn(BlobReader.prototype, 'read').mockImplementation(function (this: BlobReader, oid: string, maxBytes: number) {
      asked.push(oid);
      return read.call(this, oid, maxBytes);
    });
    const fragments: Fragment[] = [];
    let mostAhead = 0;
    const plan = await planHistory(repo.dir, { revs: [], all: false, pathspecs: [] });
    await readHistory(repo.dir, plan, { workers: 1, maxFileBytes: DEFAULT_MAX_FILE_BYTES, pathspecs: [] }, {
      commit: () => {},
      fragment: (fragment) => {
        fragments.push(fragment);
        const handedOn = fragments.filter((f) => f.wholeFile !== undefined).length;
        mostAhead = Math.max(mostAhead, asked.length - handedOn);
        return undefined;
      },
      note: () => {},
    });

    const secrets = fragments.filter((f) => f.path.startsWith('deploy/secret-'));
    expect(secrets.map((f) => f.path)).toEqual(Array.from({ length: MANIFESTS }, (_, i) => `deploy/secret-${String(i).padStart(2, '0')}.yaml`));
    expect(secrets.map((f) => f.wholeFile)).toEqual(Array.from({ length: MANIFESTS }, (_, i) => manifest(i)));
    // Asked for in file order, one request a manifest; the README and the replica count never.
    expect(asked).toEqual(secrets.map((f) => f.blob));
    expect(fragments.find((f) => f.path === 'README.md')?.wholeFile).toBeUndefined();
    expect(fragments.find((f) => f.path === 'deploy/replicas.yaml')?.wholeFile).toBeUndefined();
    // The first manifest's content was handed on with the next ones already asked for, never more than the bound.
    expect(mostAhead).toBe(WHOLE_FILES_AHEAD - 1);
  });
});
