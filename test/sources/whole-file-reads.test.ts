/**
 * A history lane asks `git cat-file` for the manifests it will parse whole before
 * it reaches them (`WholeFileReads`), so that git answers while the files before
 * are detected: at most `WHOLE_FILES_AHEAD` contents are asked for and not yet
 * handed on, each file still gets its own content, and files that are not read
 * whole (plain text, a manifest whose added lines cannot matter) are never asked for.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BlobReader } from '../../src/sources/git.js';
import { planHistory, readHistory, WHOLE_FILES_AHEAD, WholeFileReads } from '../../src/sources/history.js';
import type { LogEvent } from '../../src/sources/log-parser.js';
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
    // Never more asked for ahead than the bound (how many are asked depends on how git's output arrives: the unit test below fixes it).
    expect(mostAhead).toBeLessThanOrEqual(WHOLE_FILES_AHEAD);
  });
});

describe('WholeFileReads', () => {
  const file = (path: string, addedLines: string[]): LogEvent => ({
    type: 'file',
    file: { path, newBlob: `blob-${path}`, oldBlob: '0'.repeat(40), binary: false, gitlink: false, addedLines, addedLineNumbers: addedLines.map((_, i) => i + 1), addedBytes: 0, oversized: false },
  });

  it('asks for the next manifests as each is taken, never more than WHOLE_FILES_AHEAD before their turn', async () => {
    const events: LogEvent[] = [];
    for (let i = 0; i < 12; i++) {
      events.push(file(`m${i}.yaml`, ['password: changeme'])); // leakgate:allow (test input)
      events.push(file(`n${i}.md`, ['password: changeme'])); // leakgate:allow (test input)
    }
    events.push(file('lfs.yaml', ['version https://git-lfs.github.com/spec/v1', `oid sha256:${'a'.repeat(64)}`, 'token: x']));
    events.push(file('image.yaml', ['image: nginx:1.27']));
    const asked: string[] = [];
    const blobs = { read: (oid: string) => (asked.push(oid), Promise.resolve(Buffer.from(oid))) } as unknown as BlobReader;
    const reads = new WholeFileReads(events, blobs, 1024);
    expect(asked).toEqual([]);

    const first = reads.take(0);
    expect(first?.text).toBe('password: changeme'); // leakgate:allow (test input)
    expect(await first?.content).toEqual(Buffer.from('blob-m0.yaml'));
    expect(asked).toEqual(Array.from({ length: WHOLE_FILES_AHEAD }, (_, i) => `blob-m${i}.yaml`));
    // A file that is not read whole has its text and no read; the manifests after it are WHOLE_FILES_AHEAD again.
    expect(reads.take(1)).toEqual({ text: 'password: changeme', content: undefined }); // leakgate:allow (test input)
    expect(asked).toEqual(Array.from({ length: WHOLE_FILES_AHEAD + 1 }, (_, i) => `blob-m${i}.yaml`));
    // Taking a manifest leaves one place, filled at the next take.
    reads.take(2);
    expect(asked).toHaveLength(WHOLE_FILES_AHEAD + 1);
    reads.take(3);
    expect(asked.at(-1)).toBe(`blob-m${WHOLE_FILES_AHEAD + 1}.yaml`);
    for (let at = 4; at < events.length; at++) reads.take(at);
    // Each file is taken once.
    expect(() => reads.take(0)).toThrow('was taken twice');
    // Every manifest once, in order; not the markdown, not the LFS pointer, not the image bump.
    expect(asked).toEqual(Array.from({ length: 12 }, (_, i) => `blob-m${i}.yaml`));
  });
});
