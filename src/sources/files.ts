/**
 * The `files` source: files and directories on disk. Inside a git work tree the
 * file list comes from git, so `.gitignore` is honoured; elsewhere (or with
 * `respectGitignore: false`) directories are walked, skipping `.git`.
 *
 * Only regular files are read. A symbolic link is never followed, whether listed
 * by git, met in a walk or named on the command line: a committed link can point
 * out of the checkout (`~/.aws/credentials`) or at a device (`/dev/zero`, read
 * until memory runs out); a link to a file inside the tree is not needed either,
 * since that file is scanned under its own name. Devices, FIFOs and sockets are
 * never opened for reading. Each one skipped is named in a note.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GitError } from '../errors.js';
import { isKeyStore } from '../structured-files.js';
import { listFiles, repoInfo } from './git.js';
import { DEFAULT_MAX_FILE_BYTES, formatBytes, type SourceItem } from './source.js';
import { nodeCrypto } from '../lazy-builtins.js';

export interface FilesOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly respectGitignore?: boolean;
  readonly maxFileBytes?: number;
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
    const read = await Promise.all(batch.map((file) => readTextFile(file, displayPath(root, options.cwd, file), maxFileBytes)));
    for (const item of read) if (item) yield item;
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
      info = await lstat(path);
    } catch {
      yield { note: { path: given, message: 'not found' } };
      continue;
    }
    if (!info.isDirectory() && !info.isFile()) {
      yield { note: { path: given, message: notRegular(info) } };
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
      } else {
        // Links and special files too: `readTextFile` names them in a note and reads none.
        out.push(full);
      }
    }
  };
  await walk(dir);
  return out;
}

async function readTextFile(file: string, path: string, maxFileBytes: number): Promise<SourceItem | undefined> {
  let handle;
  try {
    const info = await lstat(file);
    if (!info.isFile()) return { note: { path, message: notRegular(info) } };
    // No link followed, and no wait on a FIFO put there since the check.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    // Listed by git but gone from the work tree (deleted, unstaged): nothing to scan.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { note: { path, message: 'symbolic link: not followed' } };
    return { note: { path, message: `could not read: ${(error as Error).message}` } };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { note: { path, message: notRegular(opened) } };
    const { size } = opened;
    if (size > maxFileBytes) {
      return { note: { path, message: `skipped: ${formatBytes(size)}, above the ${formatBytes(maxFileBytes)} cap` } };
    }
    const content = await handle.readFile();
    if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      if (!isKeyStore(path)) return { note: { path, message: 'binary file skipped' } };
      return { fragment: { path, text: '', binary: true, bytes: content, blob: nodeCrypto().createHash('sha1').update(content).digest('hex') } };
    }
    let text = content.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { fragment: { path, text: text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text } };
  } finally {
    await handle.close();
  }
}

/** The note for a path that is not a regular file, saying what it is. */
function notRegular(info: {
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  // A directory git lists as one path is a submodule.
  if (info.isDirectory()) return 'a directory listed as a file (a submodule: scan it in its own repository): not read';
  if (info.isSymbolicLink()) return 'symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)';
  const kind = info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not a regular file';
  return `${kind}: not read`;
}
