/**
 * The `staged` source: exactly the lines the index adds, as they will be committed.
 * Never reads the work tree.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Fragment } from '../types.js';
import { GITLINK_MODE, parseRawPatch, type FileDiff } from './diff.js';
import { lfsObjectsDir, objectSizes, readObjects, repoInfo, stagedDiff, streamBlob, type RepoInfo } from './git.js';
import { mayHoldStructuredSecret, structureMatters } from '../structured-files.js';
import { lfsPointer } from './content.js';
import type { ArchiveLimits } from './archive.js';
import { capNote, contentItems, WHOLE_BYTES } from './content-items.js';
import { lfsObjectItems } from './lfs.js';
import { DEFAULT_MAX_FILE_BYTES, wantsWholeFile, type SourceItem } from './source.js';

/** What the index adds, read once; `items` applies the size cap when iterated. */
export interface StagedChanges {
  readonly repo: RepoInfo;
  readonly files: readonly FileDiff[];
  /** A merge is in progress (MERGE_HEAD exists). */
  readonly merging: boolean;
}

export async function readStaged(cwd: string): Promise<StagedChanges> {
  const [repo, diffOutput] = await Promise.all([repoInfo(cwd), stagedDiff(cwd)]);
  return { repo, files: parseRawPatch(diffOutput), merging: existsSync(join(repo.gitDir, 'MERGE_HEAD')) };
}

export function stagedItems(staged: StagedChanges, maxFileBytes = DEFAULT_MAX_FILE_BYTES, archiveLimits?: Partial<ArchiveLimits>): AsyncIterable<SourceItem> {
  return items(staged.repo, staged.files, staged.merging, maxFileBytes, archiveLimits);
}

async function* items(
  repo: RepoInfo,
  files: readonly FileDiff[],
  merging: boolean,
  maxFileBytes: number,
  archiveLimits: Partial<ArchiveLimits> | undefined,
): AsyncIterable<SourceItem> {
  const scannable: FileDiff[] = [];
  /** Files git gave no text diff for (its binary verdict, which attributes and size can force): read and classified here. */
  const content: FileDiff[] = [];
  const lfs: FileDiff[] = [];
  for (const file of files) {
    if (file.status === 'D' || file.newMode === GITLINK_MODE) continue;
    if (file.binary) {
      content.push(file);
    } else if (file.addedLines.length === 0) {
      continue;
    } else if (file.addedBytes > maxFileBytes) {
      yield { note: capNote(file.path, file.addedBytes, maxFileBytes) };
    } else {
      if (file.addedLines.some(isLfsOidLine)) lfs.push(file);
      scannable.push(file);
    }
  }
  yield* contentFiles(repo.root, content, maxFileBytes, archiveLimits);
  yield* lfsObjects(repo.root, lfs, maxFileBytes);
  const theirs = merging ? await mergeHeadLines(repo.root, scannable) : undefined;
  const structured = scannable.filter((file) => wantsWholeFile(file.path) && mayHoldStructuredSecret(file.addedLines.join('\n')));
  const whole = await wholeFiles(repo.root, structured, maxFileBytes);
  for (const file of scannable) {
    const content = whole.get(file.newBlob);
    const fragment = toFragment(file, theirs?.get(file.path), content !== undefined && structureMatters(file.path, file.addedLines, content) ? content : undefined);
    if (fragment) yield { fragment };
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
async function* contentFiles(root: string, files: readonly FileDiff[], maxFileBytes: number, archiveLimits: Partial<ArchiveLimits> | undefined): AsyncIterable<SourceItem> {
  if (files.length === 0) return;
  const olds = files.map((file) => (file.status === 'A' || ZERO_OID.test(file.oldBlob) ? undefined : file.oldBlob));
  const sizes = await objectSizes(root, [...files.map((file) => file.newBlob), ...olds.filter((oid) => oid !== undefined)]);
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
      held = await readObjects(root, [...new Set(ids)]);
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
async function* lfsObjects(root: string, files: readonly FileDiff[], maxFileBytes: number): AsyncIterable<SourceItem> {
  if (files.length === 0) return;
  const pointers = await readObjects(root, files.map((file) => file.newBlob));
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
async function mergeHeadLines(root: string, files: readonly FileDiff[]): Promise<Map<string, Set<string>>> {
  const names = files.map((file) => `MERGE_HEAD:${file.path}`);
  const blobs = await readObjects(root, names);
  const result = new Map<string, Set<string>>();
  for (const file of files) {
    const blob = blobs.get(`MERGE_HEAD:${file.path}`);
    if (blob) result.set(file.path, new Set(blob.toString('utf8').split(/\r?\n/)));
  }
  return result;
}

/**
 * The staged blobs of `files`, by object id: one `git cat-file --batch` for all.
 * A blob above the size cap is left out; its added lines are still scanned as text.
 */
async function wholeFiles(root: string, files: readonly FileDiff[], maxFileBytes: number): Promise<Map<string, string>> {
  const blobs = await readObjects(root, files.map((file) => file.newBlob));
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
