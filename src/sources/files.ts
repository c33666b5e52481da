/**
 * The `files` source: files and directories on disk. Inside a git work tree the
 * file list comes from git, so `.gitignore` is honoured; elsewhere (or with
 * `respectGitignore: false`) directories are walked, skipping `.git`.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GitError } from '../errors.js';
import { isKeyStore } from '../structured-files.js';
import { listFiles, repoInfo } from './git.js';
import { DEFAULT_MAX_FILE_BYTES, formatBytes, type SourceItem } from './source.js';
import { archiveSourceItems, DEFAULT_ARCHIVE_LIMITS, detectArchive, type ArchiveLimits } from './archive.js';
import { nodeCrypto } from '../lazy-builtins.js';

export interface FilesOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly respectGitignore?: boolean;
  readonly maxFileBytes?: number;
  readonly archiveLimits?: Partial<ArchiveLimits>;
}

/** Bytes looked at to decide that a file is binary, as git does. */
const BINARY_SNIFF_BYTES = 8000;
const READ_CONCURRENCY = 16;

export async function* filesSource(options: FilesOptions): AsyncIterable<SourceItem> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const root = await reportRoot(options.cwd);
  const absolute: string[] = [];
  for await (const item of expand(options)) {
    if ('note' in item) yield item;
    else absolute.push(item.file);
  }
  // Read a few files at a time, yielding in a stable order.
  for (let i = 0; i < absolute.length; i += READ_CONCURRENCY) {
    const batch = absolute.slice(i, i + READ_CONCURRENCY);
    const read = await Promise.all(batch.map((file) => readTextFile(file, displayPath(root, options.cwd, file), maxFileBytes, options.archiveLimits)));
    for (const item of read) {
      if (item && Symbol.iterator in item) yield* item;
      else if (item) yield item;
    }
  }
}

/** The repository holding `cwd`, or `cwd` outside one. */
async function reportRoot(cwd: string): Promise<string> {
  try {
    return (await repoInfo(cwd)).root;
  } catch {
    return resolve(cwd);
  }
}

/**
 * Paths are reported relative to the repository root; a file outside it (a
 * directory given on the command line) relative to the working directory.
 */
function displayPath(root: string, cwd: string, file: string): string {
  const inRoot = relative(root, file);
  const rel = inRoot.startsWith('..') || isAbsolute(inRoot) ? relative(cwd, file) : inRoot;
  return (isAbsolute(rel) ? file : rel).split(sep).join('/');
}

type Expanded = { readonly file: string } | { readonly note: { path: string; message: string } };

async function* expand(options: FilesOptions): AsyncIterable<Expanded> {
  const seen = new Set<string>();
  for (const given of options.paths.length > 0 ? options.paths : ['.']) {
    const path = resolve(options.cwd, given);
    let info;
    try {
      info = await stat(path);
    } catch {
      yield { note: { path: given, message: 'not found' } };
      continue;
    }
    const files = info.isDirectory() ? await listDirectory(path, options.respectGitignore !== false) : [path];
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      yield { file };
    }
  }
}

async function listDirectory(dir: string, respectGitignore: boolean): Promise<string[]> {
  if (respectGitignore) {
    try {
      return (await listFiles(dir, ['.'])).map((file) => join(dir, file));
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      // Not inside a work tree: walk it.
    }
  }
  const out: string[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(full);
      } else if (entry.isFile()) {
        out.push(full);
      }
    }
  };
  await walk(dir);
  return out;
}

async function readTextFile(
  file: string,
  path: string,
  maxFileBytes: number,
  archiveLimits?: Partial<ArchiveLimits>,
): Promise<SourceItem | Iterable<SourceItem> | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    // Listed by git but gone from the work tree (deleted, unstaged): nothing to scan.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { note: { path, message: `could not read: ${(error as Error).message}` } };
  }
  try {
    const { size } = await handle.stat();
    // Archives have budgets of their own: limits.archiveBytes for the file, limits.archiveMemberBytes for each member.
    if (size > maxFileBytes && !(await isArchiveWithinBudget(handle, size, archiveLimits))) {
      return { note: { path, message: `skipped: ${formatBytes(size)}, above the ${formatBytes(maxFileBytes)} cap` } };
    }
    const content = await handle.readFile();
    // An archive's members are scanned in its place, each as a file of its own (`a.zip!x/.env`).
    if (detectArchive(content)) return archiveSourceItems(content, path, contentItem, archiveLimits);
    return contentItem(path, content);
  } finally {
    await handle.close();
  }
}

/** Whether the file is an archive no larger than the bytes an archive may decompress to (`limits.archiveBytes`). */
async function isArchiveWithinBudget(handle: FileHandle, size: number, limits?: Partial<ArchiveLimits>): Promise<boolean> {
  if (size > (limits?.totalBytes ?? DEFAULT_ARCHIVE_LIMITS.totalBytes)) return false;
  const start = new Uint8Array(BINARY_SNIFF_BYTES);
  const { bytesRead } = await handle.read(start, 0, start.length, 0);
  return detectArchive(start.subarray(0, bytesRead)) !== undefined;
}

/** A file's (or an archive member's) bytes, as text to scan or a note. */
function contentItem(path: string, content: Buffer): SourceItem {
  if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    if (!isKeyStore(path)) return { note: { path, message: 'binary file skipped' } };
    return { fragment: { path, text: '', binary: true, bytes: content, blob: nodeCrypto().createHash('sha1').update(content).digest('hex') } };
  }
  let text = content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { fragment: { path, text: text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text } };
}

/** Bytes that come from elsewhere than a file (standard input), read as a file's are: an archive's members, text or a note. */
export function bytesItems(path: string, content: Buffer, archiveLimits?: Partial<ArchiveLimits>): Iterable<SourceItem> {
  return detectArchive(content) ? archiveSourceItems(content, path, contentItem, archiveLimits) : [contentItem(path, content)];
}
