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
import { constants, createReadStream } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GitError } from '../errors.js';
import { isKeyStore } from '../structured-files.js';
import { lfsObjectsDir, listFiles, repoInfo } from './git.js';
import { lfsPointer } from './content.js';
import { lfsObjectItems } from './lfs.js';
import { contentItems, WHOLE_BYTES } from './content-items.js';
import { DEFAULT_MAX_FILE_BYTES, type SourceItem } from './source.js';
import type { ArchiveLimits } from './archive.js';
import { nodeCrypto } from '../lazy-builtins.js';
import type { Note } from '../types.js';
import { fileNameFragment } from './file-names.js';

export interface FilesOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly respectGitignore?: boolean;
  readonly maxFileBytes?: number;
  readonly archiveLimits?: Partial<ArchiveLimits>;
}

const READ_CONCURRENCY = 16;

export async function* filesSource(options: FilesOptions): AsyncIterable<SourceItem> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const root = await reportRoot(options.cwd);
  const absolute: string[] = [];
  for await (const item of expand(options)) {
    if ('note' in item) yield item;
    else absolute.push(item.file);
  }
  let lfsDir: string | undefined;
  // Read a few files at a time, yielding in a stable order.
  const archive = options.archiveLimits ? { archiveLimits: options.archiveLimits } : {};
  for (let i = 0; i < absolute.length; i += READ_CONCURRENCY) {
    const batch = absolute.slice(i, i + READ_CONCURRENCY);
    const paths = batch.map((file) => displayPath(root, options.cwd, file));
    const read = await Promise.all(batch.map((file, k) => readTextFile(file, paths[k]!, maxFileBytes, options.archiveLimits)));
    for (const [k, items] of read.entries()) {
      // A file's name is scanned too: a token can be one.
      const name = fileNameFragment(paths[k]!);
      if (name) yield { fragment: name };
      for (const item of items) {
        if ('lfs' in item) {
          lfsDir ??= await lfsObjectsDir(root).catch(() => '');
          yield* lfsObjectItems(item.lfs.path, item.lfs.oid, lfsDir, maxFileBytes, {});
        } else if ('large' in item) {
          const { file, path, size } = item.large;
          yield* contentItems(path, { size, stream: () => createReadStream(file) }, { maxFileBytes, whole: true, ...archive });
        } else {
          yield item;
        }
      }
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

type Expanded = { readonly file: string } | { readonly note: Note };

/** What reading a file gives: items to scan, or a large file to stream. */
type Read =
  | SourceItem
  | { readonly large: { readonly file: string; readonly path: string; readonly size: number } }
  | { readonly lfs: { readonly path: string; readonly oid: string } };

async function* expand(options: FilesOptions): AsyncIterable<Expanded> {
  const seen = new Set<string>();
  for (const given of options.paths.length > 0 ? options.paths : ['.']) {
    const path = resolve(options.cwd, given);
    let info;
    try {
      info = await lstat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      yield { note: { path: given, message: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : `cannot be read: ${(error as Error).message}`, level: 'error' } };
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

async function readTextFile(file: string, path: string, maxFileBytes: number, archiveLimits?: Partial<ArchiveLimits>): Promise<Read[]> {
  let handle;
  try {
    const info = await lstat(file);
    if (!info.isFile()) return [{ note: { path, message: notRegular(info) } }];
    // No link followed, and no wait on a FIFO put there since the check.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    // Listed by git but gone from the work tree (deleted, unstaged): nothing to scan.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return [{ note: { path, message: 'symbolic link: not followed' } }];
    return [{ note: { path, message: `cannot be read: ${(error as Error).message}`, level: 'error' } }];
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return [{ note: { path, message: notRegular(opened) } }];
    const { size } = opened;
    // Large files are streamed (windows) by the caller; small ones read here, a few at a time.
    if (size > Math.min(WHOLE_BYTES, maxFileBytes)) return [{ large: { file, path, size } }];
    const content = await handle.readFile();
    // A git-lfs pointer left in the work tree (the content was never fetched): the object may be in the store.
    const pointer = content.length <= 1024 ? lfsPointer(content.toString('latin1')) : undefined;
    if (pointer) return [{ lfs: { path, oid: pointer.oid } }];
    const items: Read[] = [];
    for await (const item of contentItems(path, { size: content.length, bytes: content }, { maxFileBytes, whole: true, base: blobOf(content, path), ...(archiveLimits ? { archiveLimits } : {}) })) items.push(item);
    return items;
  } catch (error) {
    return [{ note: { path, message: `cannot be read: ${(error as Error).message}`, level: 'error' } }];
  } finally {
    await handle.close();
  }
}

/** Key stores carry a blob id (a hash of their bytes) for the detectors that check them. */
function blobOf(content: Uint8Array, path: string): { blob?: string } {
  return isKeyStore(path) ? { blob: nodeCrypto().createHash('sha1').update(content).digest('hex') } : {};
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
