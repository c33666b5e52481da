/**
 * Writing a report or baseline to `--output FILE` without touching what leakgate
 * does not own. A checkout is untrusted: a pull request can commit
 * `leakgate.sarif -> ../../somewhere` and wait for CI to write through it. So:
 * - a symbolic link at FILE, or at any directory on the way to it below the
 *   working directory (what a checkout can plant), is refused, naming the link;
 * - the text goes to a new file created with O_EXCL under an unpredictable name
 *   in FILE's directory, which is then renamed over FILE: a link planted between
 *   the check and the rename is replaced, never followed, and a reader never sees
 *   half a report;
 * - FILE that exists and is not a regular file (`/dev/null`, a named pipe) is
 *   written in place, opened without following links and without creating.
 */
import { constants } from 'node:fs';
import { chmod, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { nodeCrypto } from '../lazy-builtins.js';

export async function writeOutputFile(file: string, text: string, flag = '--output'): Promise<void> {
  const target = resolve(file);
  for (const link of await linksOnTheWay(target)) {
    throw new UsageError(`${flag} ${file}: ${link === target ? 'is' : `goes through ${link}, which is`} a symbolic link; refusing to write through it (remove it, or give another path)`);
  }
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${flag} ${file}: is a directory`);
  if (existing && !existing.isFile()) {
    const handle = await open(target, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return;
  }
  const temporary = join(dirname(target), `.${basename(target)}.${nodeCrypto().randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o666);
  try {
    try {
      await handle.writeFile(text);
      if (existing) await chmod(temporary, existing.mode & 0o7777);
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

/** Symbolic links at `target` and at its directories below the working directory. */
async function linksOnTheWay(target: string): Promise<string[]> {
  const cwd = process.cwd();
  const below = relative(cwd, target);
  const paths = [target];
  if (below !== '' && !below.startsWith('..') && !isAbsolute(below)) {
    const parts = below.split(sep);
    for (let i = 1; i < parts.length; i++) paths.push(join(cwd, ...parts.slice(0, i)));
  }
  const links: string[] = [];
  for (const path of paths) {
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) links.push(path);
  }
  return links;
}
