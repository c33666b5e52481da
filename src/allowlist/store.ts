/**
 * Reads and writes `.leakgate.yaml` and the allowlist decisions made on the review
 * screen (the edge of the allowlist: the only module here that touches files).
 *
 * Writes are safe: each file is replaced atomically (a temporary file, then a
 * rename), the edit goes into the index too so the decision rides in the commit
 * being made, and if anything fails, or the user interrupts, every file and index
 * entry touched is put back as it was.
 */
import { readFile, rename, rm, stat, writeFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ConfigError } from '../errors.js';
import { git, lastingIndex } from '../sources/git.js';
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

/** Applies `plan` to the work tree and the index, all or nothing. */
export async function saveDecisions(plan: SavePlan): Promise<SaveReport> {
  const { root } = plan;
  const configRel = toRepoPath(root, await realpathOr(plan.configFile));
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
  const absolute = join(root, path);
  const work = (await readOptional(absolute))?.toString('utf8');
  const staged = entry ? (await git(['cat-file', 'blob', entry.oid], { cwd: root })).toString('utf8') : undefined;
  if (staged === undefined && work === undefined && !createIfMissing) throw new ConfigError(path, 'not in the index');
  if (staged === undefined || staged === work) {
    await atomicWrite(absolute, edit(work ?? ''));
    await git(['add', '--', `:(literal)${path}`], { cwd: root });
    await editLastingIndex(root, path, entry, edit);
    return { workTree: true };
  }
  const editedStaged = edit(staged);
  const oid = (await git(['hash-object', '-w', '--stdin', '--no-filters'], { cwd: root, input: editedStaged })).toString('utf8').trim();
  await git(['update-index', '--cacheinfo', `${entry!.mode},${oid},${path}`], { cwd: root });
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
    const text = (await git(['cat-file', 'blob', lasting.oid], { cwd: root })).toString('utf8');
    oid = (await git(['hash-object', '-w', '--stdin', '--no-filters'], { cwd: root, input: edit(text) })).toString('utf8').trim();
  }
  await git(['update-index', '--add', '--cacheinfo', `${lasting?.mode ?? edited.mode},${oid},${path}`], { cwd: root, env: { GIT_INDEX_FILE: index } });
}

interface IndexEntry {
  readonly mode: string;
  readonly oid: string;
}

/** The entry for `path` in the hook's index, or in `index` (a path for GIT_INDEX_FILE). */
async function indexEntry(root: string, path: string, index?: string): Promise<IndexEntry | undefined> {
  const env = index === undefined ? {} : { env: { GIT_INDEX_FILE: index } };
  const out = (await git(['ls-files', '-s', '-z', '--', `:(literal)${path}`], { cwd: root, ...env })).toString('utf8');
  const match = /^(\d+) ([0-9a-f]+) \d+\t/.exec(out);
  return match ? { mode: match[1]!, oid: match[2]! } : undefined;
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
  const env = index === undefined ? {} : { env: { GIT_INDEX_FILE: index } };
  if (entry) await git(['update-index', '--add', '--cacheinfo', `${entry.mode},${entry.oid},${path}`], { cwd: root, ...env });
  else await git(['update-index', '--force-remove', '--', path], { cwd: root, okCodes: [1], ...env });
}

/** Replaces `path` in one step: readers see the old file or the new one, never half of one. */
export async function atomicWrite(path: string, content: string | Buffer): Promise<void> {
  const target = await realpathOr(path);
  const mode = await stat(target).then(
    (info) => info.mode & 0o777,
    () => 0o644,
  );
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, content, { mode, flush: true });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The configured git author name, for `ignore` entries (`author:`). */
export async function gitAuthor(root: string): Promise<string | undefined> {
  const out = await git(['config', 'user.name'], { cwd: root, okCodes: [1] }).catch(() => undefined);
  return out?.toString('utf8').trim() || process.env.USER || undefined;
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
