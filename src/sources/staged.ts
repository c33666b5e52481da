/**
 * The `staged` source: exactly the lines the index adds, as they will be committed.
 * Never reads the work tree. git's diff is parsed and scanned as git prints it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import type { Fragment } from '../types.js';
import { GITLINK_MODE, RawPatchParser, type FileDiff } from './diff.js';
import { BlobReader, lfsObjectsDir, objectSizes, readObjects, repoInfo, stagedDiff, streamBlob, type GitStream, type RepoInfo } from './git.js';
import { mayHoldStructuredSecret, structureMatters } from '../structured-files.js';
import { lfsPointer } from './content.js';
import type { ArchiveLimits } from './archive.js';
import { capNote, contentItems, WHOLE_BYTES } from './content-items.js';
import { addsPath, fileNameFragment } from './file-names.js';
import { lfsObjectItems } from './lfs.js';
import { DEFAULT_MAX_FILE_BYTES, wantsWholeFile, type SourceItem } from './source.js';

/** What the index adds, read whole; `items` applies the size cap when iterated. */
export interface StagedChanges {
  readonly repo: RepoInfo;
  readonly files: readonly FileDiff[];
  /** A merge is in progress (MERGE_HEAD exists). */
  readonly merging: boolean;
}

/**
 * What the index adds, streamed: each file comes out of git's diff as soon as
 * git has printed it, so the scan starts before git ends and holds what is in
 * flight, not the whole diff. `files` can be iterated once; `close` ends git
 * when the scan stops before reading all of it (an error elsewhere).
 */
export interface StagedStream extends Omit<StagedChanges, 'files'> {
  readonly files: AsyncIterable<FileDiff>;
  close(): void;
}

export async function openStaged(cwd: string): Promise<StagedStream> {
  // git starts diffing while the repository is looked up (and the config and rules load).
  const diff = stagedDiff(cwd);
  let repo: RepoInfo;
  try {
    repo = await repoInfo(cwd);
  } catch (error) {
    diff.kill();
    throw error;
  }
  return { repo, files: diffFiles(diff), merging: existsSync(join(repo.gitDir, 'MERGE_HEAD')), close: () => diff.kill() };
}

export async function readStaged(cwd: string): Promise<StagedChanges> {
  const staged = await openStaged(cwd);
  const files: FileDiff[] = [];
  for await (const file of staged.files) files.push(file);
  return { repo: staged.repo, files, merging: staged.merging };
}

/**
 * Added text parsed ahead of the scan, at most: git goes on printing (on the
 * other core) while the scan works on earlier files, instead of waiting on a
 * full pipe, and memory stays bounded whatever the size of the commit.
 */
const READ_AHEAD_BYTES = 2 * 1024 * 1024;

/**
 * The files of git's diff, parsed as git prints them. Reading starts at once:
 * Node discards the output of a child that exits while nobody listens to its
 * stdout, and a small diff is complete before the scan asks for it.
 */
function diffFiles(diff: GitStream): AsyncIterable<FileDiff> {
  const parser = new RawPatchParser();
  const stdout = diff.stdout;
  const queue: FileDiff[] = [];
  let head = 0;
  let queued = 0;
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  stdout.on('data', (chunk: Buffer) => {
    if (failure !== undefined) return;
    try {
      for (const file of parser.push(chunk)) {
        queue.push(file);
        queued += file.addedBytes;
      }
    } catch (error) {
      failure ??= error;
      diff.kill();
    }
    if (queued > READ_AHEAD_BYTES) stdout.pause();
    notify();
  });
  stdout.on('end', () => {
    ended = true;
    notify();
  });
  stdout.on('error', (error) => {
    failure ??= error;
    notify();
  });
  async function* files(): AsyncIterable<FileDiff> {
    try {
      for (;;) {
        if (head < queue.length) {
          const file = queue[head]!;
          queue[head++] = undefined as unknown as FileDiff;
          queued -= file.addedBytes;
          if (head === queue.length) {
            queue.length = 0;
            head = 0;
          }
          if (stdout.isPaused() && queued <= READ_AHEAD_BYTES / 2) stdout.resume();
          yield file;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      // git's own error first: a failed diff also leaves the output short.
      await diff.done;
      yield* parser.end();
    } finally {
      diff.kill();
    }
  }
  return files();
}

export function stagedItems(staged: StagedChanges | StagedStream, maxFileBytes = DEFAULT_MAX_FILE_BYTES, archiveLimits?: Partial<ArchiveLimits>): AsyncIterable<SourceItem> {
  return items(staged.repo, staged.files, staged.merging, maxFileBytes, archiveLimits);
}

/**
 * Files read from the diff before their blobs are looked up together and their
 * fragments go out: a typical commit is one batch; a large one is scanned batch
 * by batch while git prints the rest. Small batches and read-ahead let what is in
 * flight die young: on a 48 MB commit, peak RSS 169 MB (226 MB with 1 MB batches
 * and 8 MB ahead), in the same time.
 */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 512;

/**
 * Where each kind of item is listed in the report (`SourceItem.rank`): files are
 * read as git prints them, and listed as they were when the diff was read whole:
 * size-cap notes, then binary and other content files, git-lfs objects, and the
 * text diffs.
 */
const RANK = { cap: 0, content: 1, lfs: 2, text: 3 } as const;

/** How often the event loop gets a turn while a batch is scanned (git fills its pipe in about a millisecond). */
const TURN_MS = 2;

/** How a batch reads objects: by name (`<rev>:<path>` or an object id; missing ones map to undefined), and the sizes of blobs (missing ones left out). */
interface ObjectReader {
  read(names: readonly string[]): Promise<Map<string, Buffer | undefined>>;
  sizes(oids: readonly string[]): Promise<Map<string, number>>;
}

async function* items(
  repo: RepoInfo,
  files: AsyncIterable<FileDiff> | Iterable<FileDiff>,
  merging: boolean,
  maxFileBytes: number,
  archiveLimits: Partial<ArchiveLimits> | undefined,
): AsyncIterable<SourceItem> {
  // A diff of one batch asks one `git cat-file --batch` per kind of blob, as many
  // as a commit needs; a diff of many batches asks one long-lived `git cat-file`
  // (a process per batch cost a tenth of the scan of a vendored dependency).
  let reader: BlobReader | undefined;
  let objects: ObjectReader = { read: (names) => readObjects(repo.root, names), sizes: (oids) => objectSizes(repo.root, oids) };
  let batch: FileDiff[] = [];
  let bytes = 0;
  let nextTurn = 0;
  try {
    for await (const file of files) {
      batch.push(file);
      bytes += file.addedBytes;
      if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES) {
        if (!reader) {
          const blobs = (reader = new BlobReader(repo.root));
          objects = { read: (names) => blobs.readAll(names), sizes: (oids) => blobs.sizesOf(oids) };
        }
        for await (const item of batchItems(repo, batch, merging, maxFileBytes, archiveLimits, objects)) {
          yield item;
          // The scan of a batch runs without a pause: the event loop gets a turn now
          // and then, to read what git has printed meanwhile (else git waits on a full pipe).
          if (performance.now() >= nextTurn) {
            await setImmediate();
            nextTurn = performance.now() + TURN_MS;
          }
        }
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) yield* batchItems(repo, batch, merging, maxFileBytes, archiveLimits, objects);
  } finally {
    reader?.close();
  }
}

async function* batchItems(
  repo: RepoInfo,
  files: readonly FileDiff[],
  merging: boolean,
  maxFileBytes: number,
  archiveLimits: Partial<ArchiveLimits> | undefined,
  objects: ObjectReader,
): AsyncIterable<SourceItem> {
  const scannable: FileDiff[] = [];
  /** Files git gave no text diff for (its binary verdict, which attributes and size can force): read and classified here. */
  const content: FileDiff[] = [];
  const lfs: FileDiff[] = [];
  for (const file of files) {
    const name = addsPath(file.status) ? fileNameFragment(file.path) : undefined;
    if (name) yield { fragment: name, rank: RANK.text };
    if (file.status === 'D' || file.newMode === GITLINK_MODE) continue;
    if (file.binary) {
      content.push(file);
    } else if (file.addedLines.length === 0) {
      continue;
    } else if (file.addedBytes > maxFileBytes) {
      yield { note: capNote(file.path, file.addedBytes, maxFileBytes), rank: RANK.cap };
    } else {
      if (file.addedLines.some(isLfsOidLine)) lfs.push(file);
      scannable.push(file);
    }
  }
  for await (const item of contentFiles(repo.root, content, maxFileBytes, archiveLimits, objects)) yield { ...item, rank: RANK.content };
  for await (const item of lfsObjects(repo.root, lfs, maxFileBytes, objects)) yield { ...item, rank: RANK.lfs };
  const theirs = merging ? await mergeHeadLines(scannable, objects) : undefined;
  const structured = scannable.filter((file) => wantsWholeFile(file.path) && mayHoldStructuredSecret(file.addedLines.join('\n')));
  const whole = await wholeFiles(structured, maxFileBytes, objects);
  for (const file of scannable) {
    const content = whole.get(file.newBlob);
    const fragment = toFragment(file, theirs?.get(file.path), content !== undefined && structureMatters(file.path, file.addedLines, content, file.addedLineNumbers) ? content : undefined);
    if (fragment) yield { fragment, rank: RANK.text };
  }
}

const ZERO_OID = /^0+$/;
/** Bytes of staged and previous blobs held at once, about (one batch of `git cat-file`). */
const HELD_BYTES = 64 * 1024 * 1024;
const LFS_OID_LINE = /^oid sha256:[0-9a-f]{64}$/;
/** The line of a git-lfs pointer that names its object (the length test first: this runs on every added line). */
const isLfsOidLine = (line: string): boolean => line.length === 75 && LFS_OID_LINE.test(line);

/**
 * Staged blobs that git did not diff as text, classified by their bytes: text
 * (any encoding) is scanned for the lines it adds to the previous version, a
 * binary for its new printable strings, a large blob in windows.
 */
async function* contentFiles(
  root: string,
  files: readonly FileDiff[],
  maxFileBytes: number,
  archiveLimits: Partial<ArchiveLimits> | undefined,
  objects: ObjectReader,
): AsyncIterable<SourceItem> {
  if (files.length === 0) return;
  const olds = files.map((file) => (file.status === 'A' || ZERO_OID.test(file.oldBlob) ? undefined : file.oldBlob));
  const sizes = await objects.sizes([...files.map((file) => file.newBlob), ...olds.filter((oid) => oid !== undefined)]);
  const small = (oid: string | undefined): oid is string => oid !== undefined && (sizes.get(oid) ?? Infinity) <= Math.min(WHOLE_BYTES, maxFileBytes);
  // Blobs are read a batch at a time, so a commit of many large binaries is never in memory at once.
  let held = new Map<string, Buffer | undefined>();
  let batchEnd = 0;
  for (const [i, file] of files.entries()) {
    if (i >= batchEnd) {
      const ids: string[] = [];
      let bytes = 0;
      for (batchEnd = i; batchEnd < files.length && (batchEnd === i || bytes < HELD_BYTES); batchEnd++) {
        for (const oid of [files[batchEnd]!.newBlob, olds[batchEnd]]) {
          if (small(oid)) {
            ids.push(oid);
            bytes += sizes.get(oid)!;
          }
        }
      }
      held = await objects.read([...new Set(ids)]);
    }
    const size = sizes.get(file.newBlob);
    if (size === undefined) {
      yield { note: { path: file.path, message: `staged blob ${file.newBlob} cannot be read`, level: 'error' } };
      continue;
    }
    const old = olds[i];
    const bytes = held.get(file.newBlob);
    yield* contentItems(
      file.path,
      {
        size,
        ...(bytes ? { bytes } : {}),
        stream: () => streamBlob(root, file.newBlob),
        ...(old !== undefined ? { before: async () => held.get(old) } : {}),
      },
      { maxFileBytes, base: { blob: file.newBlob }, ...(archiveLimits ? { archiveLimits } : {}) },
    );
  }
}

/**
 * git-lfs files: the index holds a pointer, and `git add` has stored the content
 * in the LFS object store, where it is read from. An object that is not there is
 * named (and blocks the commit unless allowed), never passed silently.
 */
async function* lfsObjects(root: string, files: readonly FileDiff[], maxFileBytes: number, objects: ObjectReader): AsyncIterable<SourceItem> {
  if (files.length === 0) return;
  const pointers = await objects.read(files.map((file) => file.newBlob));
  let dir: string | undefined;
  for (const file of files) {
    const pointer = lfsPointer(pointers.get(file.newBlob)?.toString('utf8') ?? '');
    if (!pointer) continue;
    dir ??= await lfsObjectsDir(root);
    yield* lfsObjectItems(file.path, pointer.oid, dir, maxFileBytes, { blob: file.newBlob });
  }
}

/**
 * During a merge, the lines the index adds against HEAD include everything the
 * other side brings. Those were committed (and scanned) on that side already; what
 * this commit introduces is what appears in neither parent: the conflict resolution.
 * So a line identical to a line of the MERGE_HEAD version of the file is dropped.
 * `leakgate history` still reports the other side's secrets at the commit that added them.
 */
async function mergeHeadLines(files: readonly FileDiff[], objects: ObjectReader): Promise<Map<string, Set<string>>> {
  const names = files.map((file) => `MERGE_HEAD:${file.path}`);
  const blobs = await objects.read(names);
  const result = new Map<string, Set<string>>();
  for (const file of files) {
    const blob = blobs.get(`MERGE_HEAD:${file.path}`);
    if (blob) result.set(file.path, new Set(blob.toString('utf8').split(/\r?\n/)));
  }
  return result;
}

/**
 * The staged blobs of `files`, by object id, read together. A blob above the
 * size cap is left out; its added lines are still scanned as text.
 */
async function wholeFiles(files: readonly FileDiff[], maxFileBytes: number, objects: ObjectReader): Promise<Map<string, string>> {
  if (files.length === 0) return new Map();
  const blobs = await objects.read(files.map((file) => file.newBlob));
  const result = new Map<string, string>();
  for (const [id, content] of blobs) if (content && content.length <= maxFileBytes) result.set(id, content.toString('utf8'));
  return result;
}

function toFragment(file: FileDiff, theirs: Set<string> | undefined, wholeFile: string | undefined): Fragment | undefined {
  let lines = file.addedLines;
  let numbers = file.addedLineNumbers;
  if (theirs) {
    const keep = lines.map((line) => !theirs.has(line));
    lines = lines.filter((_, i) => keep[i]);
    numbers = numbers.filter((_, i) => keep[i]);
    if (lines.length === 0) return undefined;
  }
  return {
    path: file.path,
    text: lines.join('\n'),
    lineNumbers: numbers,
    blob: file.newBlob,
    ...(wholeFile === undefined ? {} : { wholeFile }),
  };
}
