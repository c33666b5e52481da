/**
 * Reads and writes `.leakgate.yaml` and the allowlist decisions made on the review
 * screen (the edge of the allowlist: the only module here that touches files).
 *
 * Writes are safe: each file is replaced atomically (a temporary file created
 * exclusively under an unpredictable name beside it, then a rename), never through
 * a symbolic link; one review at a time writes (a lock file beside the config), so
 * two reviews that continue at once both keep their entries; the edit goes into the
 * index too so the decision rides in the commit being made; and if anything fails,
 * or the user interrupts, every file and index entry touched is put back as it was.
 */
import { lstat, open, readFile, realpath, rename, rm, link } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ConfigError } from '../errors.js';
import { nodeCrypto } from '../lazy-builtins.js';
import {
  configuredUserName,
  indexEntry,
  lastingIndex,
  readBlob,
  removeIndexEntry,
  setIndexEntry,
  stageFile,
  writeBlob,
  type IndexEntry,
} from '../sources/git.js';
import { EMPTY_CONFIG, type Config } from './config.js';
import type { ConfigEdit } from './edit.js';

export const CONFIG_FILE = '.leakgate.yaml';

/**
 * The config at `explicit` (which must exist) or `<root>/.leakgate.yaml` (which may not).
 * The YAML parser is loaded only when there is a file to parse.
 */
export async function loadConfig(root: string, explicit?: string): Promise<Config> {
  const path = explicit ?? join(root, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_CONFIG;
    throw new ConfigError(path, `cannot read: ${(error as Error).message}`);
  }
  const { parseConfig } = await import('./config.js');
  const shown = explicit ?? (relative(process.cwd(), path) || CONFIG_FILE);
  return parseConfig(text, shown);
}

/** Where the review screen writes: the `--config` file, or the repository's own. */
export function configPath(root: string, explicit?: string): string {
  return explicit === undefined ? join(root, CONFIG_FILE) : isAbsolute(explicit) ? explicit : join(process.cwd(), explicit);
}

/** An inline `leakgate:allow` to add: `line` is 1-based in the staged file. */
export interface InlineEdit {
  readonly path: string;
  readonly line: number;
}

export interface SavePlan {
  /** The repository root; paths in `inline` are relative to it. */
  readonly root: string;
  /** Absolute path of the config file to edit. */
  readonly configFile: string;
  readonly edits: readonly ConfigEdit[];
  readonly inline: readonly InlineEdit[];
}

export interface SaveReport {
  /** Files whose staged content changed (repository-relative). */
  readonly staged: readonly string[];
  /** What the user should know: a file not staged, a work-tree line not found. */
  readonly warnings: readonly string[];
}

/** The user interrupted while decisions were being written; everything was put back. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor() {
    super('interrupted: nothing was written');
  }
}

/** Applies `plan` to the work tree and the index, all or nothing, holding the config's lock. */
export async function saveDecisions(plan: SavePlan): Promise<SaveReport> {
  const configFile = join(await realpathOr(dirname(plan.configFile)), basename(plan.configFile));
  if (plan.edits.length > 0) await refuseLink(configFile);
  return withLock(configFile, () => saveLocked({ ...plan, configFile }));
}

async function saveLocked(plan: SavePlan): Promise<SaveReport> {
  const { root } = plan;
  const configRel = toRepoPath(await realpathOr(root), plan.configFile);
  const touched = [...new Set([...plan.inline.map((edit) => edit.path), ...(plan.edits.length > 0 && configRel ? [configRel] : [])])];
  const snapshots = await Promise.all(touched.map((path) => snapshot(root, path)));
  const outsideConfig = plan.edits.length > 0 && !configRel ? await readOptional(plan.configFile) : undefined;

  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, onSignal);
  try {
    const report = await apply(plan, configRel);
    if (interrupted) throw new InterruptedError();
    return report;
  } catch (error) {
    // One at a time: each restore may run `git update-index`, and concurrent ones
    // fight over the index lock (a lost race left an entry unrestored).
    for (const shot of snapshots) {
      try {
        await restore(root, shot);
      } catch {
        // Keep restoring the others; the original error is what the user needs.
      }
    }
    if (outsideConfig !== undefined || (plan.edits.length > 0 && !configRel)) {
      await (outsideConfig === undefined ? rm(plan.configFile, { force: true }) : atomicWrite(plan.configFile, outsideConfig));
    }
    throw interrupted ? new InterruptedError() : error;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}

async function apply(plan: SavePlan, configRel: string | undefined): Promise<SaveReport> {
  const { root } = plan;
  const staged: string[] = [];
  const warnings: string[] = [];
  const byFile = new Map<string, number[]>();
  for (const edit of plan.inline) byFile.set(edit.path, [...(byFile.get(edit.path) ?? []), edit.line]);
  const { markLine } = await import('./inline.js');
  for (const [path, lines] of byFile) {
    const result = await editStaged(root, path, (text) => {
      const split = text.split('\n');
      for (const line of lines) {
        const marked = split[line - 1] === undefined ? undefined : markLine(path, split[line - 1]!);
        if (marked === undefined) throw new ConfigError(`${path}:${line}`, 'cannot add an inline leakgate:allow here');
        split[line - 1] = marked;
      }
      return split.join('\n');
    }, lineEditor(lines, path, markLine));
    staged.push(path);
    if (!result.workTree) {
      warnings.push(`${path}: the marker is in the staged file only (the work tree differs there); add it to your copy too, or the next \`git add\` removes it`);
    }
  }
  if (plan.edits.length > 0) {
    const { editConfig } = await import('./edit.js');
    const shown = configRel ?? plan.configFile;
    if (configRel) {
      await editStaged(root, configRel, (text) => editConfig(text, plan.edits, shown), (text) => editConfig(text, plan.edits, shown), true);
      staged.push(configRel);
    } else {
      const text = (await readOptional(plan.configFile))?.toString('utf8') ?? '';
      await atomicWrite(plan.configFile, editConfig(text, plan.edits, shown));
      warnings.push(`${plan.configFile} is outside the repository: written, not staged`);
    }
  }
  return { staged, warnings };
}

/**
 * The same line edit for the work tree, where line numbers may differ from the
 * index: each staged line is found by its text, and edited only where it occurs once.
 */
function lineEditor(lines: readonly number[], path: string, markLine: (path: string, line: string) => string | undefined) {
  return (work: string, staged: string): string | undefined => {
    const stagedLines = staged.split('\n');
    const workLines = work.split('\n');
    for (const line of lines) {
      const original = stagedLines[line - 1];
      const at = workLines.flatMap((text, i) => (text === original ? [i] : []));
      if (original === undefined || at.length !== 1) return undefined;
      workLines[at[0]!] = markLine(path, original) ?? original;
    }
    return workLines.join('\n');
  };
}

/**
 * Edits `path` in the index and in the work tree. When both hold the same text,
 * the file is written and `git add`ed; otherwise each copy gets the edit on its own
 * (`workEdit` may decline with undefined), so changes the user left unstaged stay
 * unstaged.
 */
async function editStaged(
  root: string,
  path: string,
  edit: (text: string) => string,
  workEdit: (work: string, staged: string) => string | undefined,
  createIfMissing = false,
): Promise<{ workTree: boolean }> {
  const entry = await indexEntry(root, path);
  // A link's blob is the path it points at: editing it as text would commit a broken link.
  if (entry?.mode === '120000') throw new ConfigError(path, 'is a symbolic link in the index; leakgate does not write through links, nothing was written');
  const absolute = join(root, path);
  const work = (await readOptional(absolute))?.toString('utf8');
  const staged = entry ? (await readBlob(root, entry.oid)).toString('utf8') : undefined;
  if (staged === undefined && work === undefined && !createIfMissing) throw new ConfigError(path, 'not in the index');
  if (staged === undefined || staged === work) {
    await atomicWrite(absolute, edit(work ?? ''));
    await stageFile(root, path);
    await editLastingIndex(root, path, entry, edit);
    return { workTree: true };
  }
  const editedStaged = edit(staged);
  await setIndexEntry(root, path, { mode: entry!.mode, oid: await writeBlob(root, editedStaged) });
  await editLastingIndex(root, path, entry, edit);
  const editedWork = work === undefined ? undefined : workEdit(work, staged);
  if (editedWork !== undefined) await atomicWrite(absolute, editedWork);
  return { workTree: editedWork !== undefined };
}

/**
 * `git commit <path>` and `--only`: the hook's index is a temporary one, and the
 * repository's own index (see `lastingIndex`) gets the same edit, so the next
 * commit keeps it. Where both indexes held the same blob the edited blob is
 * shared; where the repository's index holds other staged changes to the file,
 * the edit is applied to them.
 */
async function editLastingIndex(root: string, path: string, before: IndexEntry | undefined, edit: (text: string) => string): Promise<void> {
  const index = await lastingIndex(root);
  if (index === undefined) return;
  const edited = await indexEntry(root, path);
  if (edited === undefined) return;
  const lasting = await indexEntry(root, path, index);
  let oid = edited.oid;
  if (lasting !== undefined && lasting.oid !== before?.oid) {
    oid = await writeBlob(root, edit((await readBlob(root, lasting.oid)).toString('utf8')));
  }
  await setIndexEntry(root, path, { mode: lasting?.mode ?? edited.mode, oid }, index);
}

interface Snapshot {
  readonly path: string;
  readonly work: Buffer | undefined;
  readonly entry: IndexEntry | undefined;
  /** The repository's own index, when the hook was given another (`git commit <path>`), and its entry. */
  readonly lasting?: { readonly index: string; readonly entry: IndexEntry | undefined };
}

async function snapshot(root: string, path: string): Promise<Snapshot> {
  const index = await lastingIndex(root);
  const lasting = index === undefined ? {} : { lasting: { index, entry: await indexEntry(root, path, index) } };
  return { path, work: await readOptional(join(root, path)), entry: await indexEntry(root, path), ...lasting };
}

async function restore(root: string, shot: Snapshot): Promise<void> {
  const absolute = join(root, shot.path);
  if (shot.work === undefined) await rm(absolute, { force: true });
  else await atomicWrite(absolute, shot.work);
  await restoreEntry(root, shot.path, shot.entry);
  if (shot.lasting) await restoreEntry(root, shot.path, shot.lasting.entry, shot.lasting.index);
}

async function restoreEntry(root: string, path: string, entry: IndexEntry | undefined, index?: string): Promise<void> {
  if (entry) await setIndexEntry(root, path, entry, index);
  else await removeIndexEntry(root, path, index);
}

/**
 * Replaces `path` in one step: readers see the old file or the new one, never half
 * of one. The temporary file is created exclusively (`O_EXCL`) under a random name
 * in the same directory, so nothing planted there (a symbolic link at a name one
 * could guess) is written through. `path` itself must not be a symbolic link:
 * leakgate writes the files it owns, not what a link committed to the repository
 * points at.
 */
export async function atomicWrite(path: string, content: string | Buffer): Promise<void> {
  const info = await refuseLink(path);
  const mode = info ? info.mode & 0o777 : 0o644;
  const temporary = join(dirname(path), `.${basename(path)}.${nodeCrypto().randomBytes(12).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temporary, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    if (created) await rm(temporary, { force: true });
    throw error;
  }
}

/** The file's status, when it exists; a ConfigError when it is a symbolic link or not a regular file. */
async function refuseLink(path: string): Promise<Stats | undefined> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info?.isSymbolicLink()) {
    throw new ConfigError(path, 'is a symbolic link; leakgate does not write through links (replace it with a regular file), nothing was written');
  }
  if (info && !info.isFile()) throw new ConfigError(path, 'is not a regular file, nothing was written');
  return info;
}

/** How long a review waits for another to finish writing. */
const LOCK_WAIT_MS = 60_000;
/** A lock older than this is left over (a review holds it for the few git commands of one save). */
const LOCK_STALE_MS = 120_000;

/**
 * Runs `write` holding `<target>.lock`, created exclusively and holding the owner's
 * pid, so that concurrent reviews write one after the other, each reading what the
 * other wrote. A lock whose process is gone, or older than LOCK_STALE_MS, is taken over.
 */
export async function withLock<T>(target: string, write: () => Promise<T>): Promise<T> {
  const lock = `${target}.lock`;
  const token = `${process.pid} ${nodeCrypto().randomBytes(8).toString('hex')} ${Date.now()}\n`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    // The lock appears with its content whole (written aside, then hard-linked into
    // place, which fails if it exists): a reader never sees an empty lock and takes it
    // for one whose owner is gone.
    const pending = `${lock}.${nodeCrypto().randomBytes(8).toString('hex')}.new`;
    const handle = await open(pending, 'wx', 0o644);
    try {
      await handle.writeFile(token);
    } finally {
      await handle.close();
    }
    try {
      await link(pending, lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(pending, { force: true });
    }
    const held = await readFile(lock, 'utf8').catch(() => undefined);
    if (held === undefined) continue;
    if (isStale(held)) {
      await takeOver(lock, held);
      continue;
    }
    if (Date.now() > deadline) {
      const pid = held.split(' ')[0];
      throw new ConfigError(lock, `another leakgate review (process ${pid}) is writing the config; try again, or delete this file if no review is running`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 40)));
  }
  try {
    return await write();
  } finally {
    // Only our own lock: one taken over from us (we were too slow) is not ours to remove.
    if ((await readFile(lock, 'utf8').catch(() => undefined)) === token) await rm(lock, { force: true });
  }
}

function isStale(held: string): boolean {
  const [pid, , since] = held.trim().split(' ');
  const age = Date.now() - Number(since);
  if (!(age < LOCK_STALE_MS)) return true;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the stale lock `held`, and only it: moved aside under a unique name first,
 * and put back if what was moved is a fresh lock another review took meanwhile.
 */
async function takeOver(lock: string, held: string): Promise<void> {
  const aside = `${lock}.${nodeCrypto().randomBytes(8).toString('hex')}.stale`;
  try {
    await rename(lock, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== held) await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
}

/** The configured git author name, for `ignore` entries (`author:`). */
export async function gitAuthor(root: string): Promise<string | undefined> {
  return (await configuredUserName(root)) || process.env.USER || undefined;
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function realpathOr(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** `path` relative to the repository root with `/` separators, or undefined when outside it. */
function toRepoPath(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
