/**
 * The `staged` source: exactly the lines the index adds, as they will be committed.
 * Never reads the work tree.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Fragment } from '../types.js';
import { GITLINK_MODE, parseRawPatch, type FileDiff } from './diff.js';
import { readObjects, repoInfo, stagedDiff, type RepoInfo } from './git.js';
import { isKeyStore, mayHoldStructuredSecret } from '../structured-files.js';
import { DEFAULT_MAX_FILE_BYTES, formatBytes, wantsWholeFile, type SourceItem } from './source.js';

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

export function stagedItems(staged: StagedChanges, maxFileBytes = DEFAULT_MAX_FILE_BYTES): AsyncIterable<SourceItem> {
  return items(staged.repo, staged.files, staged.merging, maxFileBytes);
}

async function* items(
  repo: RepoInfo,
  files: readonly FileDiff[],
  merging: boolean,
  maxFileBytes: number,
): AsyncIterable<SourceItem> {
  const scannable: FileDiff[] = [];
  const keyStores: FileDiff[] = [];
  for (const file of files) {
    if (file.status === 'D' || file.newMode === GITLINK_MODE) continue;
    if (file.binary) {
      if (isKeyStore(file.path)) keyStores.push(file);
      else yield { note: { path: file.path, message: 'binary file skipped' } };
    } else if (file.addedLines.length === 0) {
      continue;
    } else if (file.addedBytes > maxFileBytes) {
      yield {
        note: {
          path: file.path,
          message: `skipped: ${formatBytes(file.addedBytes)} added, above the ${formatBytes(maxFileBytes)} cap`,
        },
      };
    } else {
      scannable.push(file);
    }
  }
  if (keyStores.length > 0) {
    const blobs = await readObjects(repo.root, keyStores.map((file) => file.newBlob));
    for (const file of keyStores) {
      const bytes = blobs.get(file.newBlob);
      if (bytes && bytes.length <= maxFileBytes) yield { fragment: { path: file.path, text: '', binary: true, bytes, blob: file.newBlob } };
    }
  }
  const theirs = merging ? await mergeHeadLines(repo.root, scannable) : undefined;
  const structured = scannable.filter((file) => wantsWholeFile(file.path) && mayHoldStructuredSecret(file.addedLines.join('\n')));
  const whole = await wholeFiles(repo.root, structured, maxFileBytes);
  for (const file of scannable) {
    const fragment = toFragment(file, theirs?.get(file.path), whole.get(file.newBlob));
    if (fragment) yield { fragment };
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
