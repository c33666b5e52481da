/**
 * One small function per git command. The only module that spawns git.
 *
 * Hot paths spawn git directly rather than through simple-git: the scanner needs
 * raw bytes (NUL-separated paths, undecoded blobs) and a pre-commit hook cannot
 * afford simple-git's start-up and task queue (measured in bench/). Tests use
 * simple-git to build their repositories, where its convenience is worth it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GitError, NotARepositoryError } from '../errors.js';

/**
 * Config that makes git's output independent of the user's settings: no pager,
 * no colour, no external diff or textconv, fixed prefixes, exact paths.
 */
const NEUTRAL_CONFIG = [
  '-c', 'core.quotePath=false',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'diff.relative=false',
  '-c', 'color.ui=false',
  // `color.diff=always` outranks color.ui and would put escape codes in the patch.
  '-c', 'color.diff=false',
  // `diff.submodule=log` (or `diff`) replaces a submodule's `diff --git` section with a log.
  '-c', 'diff.submodule=short',
];

/**
 * Files above this size are not diffed by git (`core.bigFileThreshold` makes them
 * "binary"): the sources read such blobs themselves and scan them in windows, so
 * a large file never sits in memory whole. Given on the command line, it also
 * overrides whatever threshold the user's config sets.
 */
export const GIT_DIFF_MAX_BYTES = 8 * 1024 * 1024;
const TEXT_DIFF_CONFIG = ['-c', `core.bigFileThreshold=${GIT_DIFF_MAX_BYTES}`];

/**
 * The processes of a history scan map the pack in windows of at most
 * 32 MiB, 128 MiB in all (git's defaults on 64-bit: 1 GiB windows, 8 GiB in all).
 * Reading a whole history maps nearly the whole pack: `git log -p` of a chart
 * repository's 37,000 commits grew to 477 MB resident, 164 MB with these, for
 * 6% more time (an unchanged time on a 5,000-commit slice).
 */
const PACK_WINDOW_CONFIG = ['-c', 'core.packedGitWindowSize=32m', '-c', 'core.packedGitLimit=128m'];

export interface GitOptions {
  readonly cwd: string;
  readonly input?: string | Buffer;
  /** Exit codes other than 0 that are not errors (e.g. 1 for "not found"). */
  readonly okCodes?: readonly number[];
  /** Variables to set (or, when undefined, to remove) for this command only (GIT_INDEX_FILE for another index). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function git(args: readonly string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...NEUTRAL_CONFIG, ...args], {
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', ...options.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new GitError(args, error.message, null)));
    child.on('close', (code) => {
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolve(Buffer.concat(out));
      else reject(new GitError(args, Buffer.concat(err).toString('utf8'), code));
    });
    if (options.input !== undefined) {
      // git may exit (an error, told by its exit code) before reading all of its input.
      child.stdin!.on('error', () => {});
      child.stdin!.end(options.input);
    }
  });
}

export interface RepoInfo {
  /** Absolute path of the work tree root. */
  readonly root: string;
  /** Absolute path of this work tree's git directory (where MERGE_HEAD lives). */
  readonly gitDir: string;
  /** A bare repository (a server's): no work tree, `root` is the git directory. */
  readonly bare?: boolean;
}

/**
 * The repository holding `cwd`. Found by looking for `.git` upwards, which saves a
 * `git rev-parse` process on every commit; git itself answers whenever the
 * environment could make the two disagree (GIT_DIR and friends).
 */
export async function repoInfo(cwd: string): Promise<RepoInfo> {
  return findRepository(cwd) ?? revParseRepository(cwd);
}

const GIT_LOCATION_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM'];

export function findRepository(cwd: string): RepoInfo | undefined {
  if (GIT_LOCATION_VARIABLES.some((name) => process.env[name] !== undefined)) return undefined;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    let info;
    try {
      info = statSync(dotGit);
    } catch {
      if (dirname(dir) === dir) return undefined;
      continue;
    }
    if (info.isDirectory()) return { root: dir, gitDir: dotGit };
    // A worktree or submodule: `.git` is a file naming the real git directory.
    const match = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return match ? { root: dir, gitDir: resolve(dir, match[1]!.trim()) } : undefined;
  }
}

async function revParseRepository(cwd: string): Promise<RepoInfo> {
  let out: string;
  try {
    out = (await git(['rev-parse', '--show-toplevel', '--absolute-git-dir'], { cwd })).toString('utf8');
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.stderr)) throw new NotARepositoryError(cwd);
    if (error instanceof GitError && /must be run in a work tree/i.test(error.stderr)) {
      const gitDir = (await git(['rev-parse', '--absolute-git-dir'], { cwd })).toString('utf8').trim();
      return { root: gitDir, gitDir, bare: true };
    }
    throw error;
  }
  const [root = '', gitDir = ''] = out.split('\n');
  if (!root) throw new NotARepositoryError(cwd);
  return { root, gitDir };
}

const STAGED_DIFF_ARGS = ['diff', '--cached', '--raw', '-z', '-p', '-U0', '-M', '--no-abbrev', '--no-ext-diff', '--no-textconv', '--no-color'];

/**
 * What the index adds against HEAD (or the empty tree before the first commit),
 * as git prints it: the caller reads `stdout` with backpressure (while it does
 * not read, git blocks on its pipe), so a commit of many megabytes is never in
 * memory whole. It must listen at once: Node discards the output of a child that
 * exits while nobody listens to its stdout. `done` rejects when git fails, or is
 * ended by a signal it did not get from `kill`.
 */
export function stagedDiff(cwd: string): GitStream {
  const args = [...TEXT_DIFF_CONFIG, ...STAGED_DIFF_ARGS];
  const child = spawn('git', [...NEUTRAL_CONFIG, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  const err: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  let killed = false;
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(new GitError(args, error.message, null)));
    // Only a kill of our own (the scan stopped early) ends it without an error.
    child.on('close', (code) => (code === 0 || killed ? resolve() : reject(new GitError(args, Buffer.concat(err).toString('utf8'), code))));
  });
  // Awaited by the reader; until then a failure must not count as unhandled.
  done.catch(() => {});
  return {
    stdout: child.stdout!,
    done,
    kill: () => {
      killed = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

/**
 * Reads objects by name (`<rev>:<path>` or an object id) with one `git cat-file --batch`.
 * Missing objects map to `undefined`.
 */
export async function readObjects(cwd: string, names: readonly string[]): Promise<Map<string, Buffer | undefined>> {
  const result = new Map<string, Buffer | undefined>();
  if (names.length === 0) return result;
  // Names with a newline cannot be asked for on the batch protocol's line-based input.
  const askable = names.filter((name) => !name.includes('\n'));
  const out = await git(['cat-file', '--batch'], { cwd, input: askable.map((n) => `${n}\n`).join('') });
  let pos = 0;
  for (const name of askable) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.toString('utf8', pos, eol);
    pos = eol + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      result.set(name, undefined);
      continue;
    }
    const size = Number(header.slice(header.lastIndexOf(' ') + 1));
    result.set(name, out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return result;
}

/** Tracked and untracked-but-not-ignored files under `paths`, relative to `cwd`. */
export async function listFiles(cwd: string, paths: readonly string[]): Promise<string[]> {
  const out = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate', '--', ...paths], { cwd });
  return out.toString('utf8').split('\0').filter(Boolean);
}

/**
 * The commits of a history scan, oldest first (parents before children), one
 * full hash per line. `revs` are rev-list arguments (`HEAD`, `A..B`, `--all`,
 * `^REV`). With pathspecs, `--full-history` keeps side branches that touched the
 * paths, even where a merge later dropped their changes.
 */
export function revList(cwd: string, revs: readonly string[], pathspecs: readonly string[]): Promise<Buffer> {
  const limit = pathspecs.length > 0 ? ['--full-history', '--', ...pathspecs] : ['--'];
  // With pathspecs rev-list diffs every commit's trees: 390 MB resident on a chart repository's history with git's default pack windows.
  return git([...PACK_WINDOW_CONFIG, 'rev-list', '--topo-order', '--reverse', ...revs, ...limit], { cwd });
}

/** Whether `rev` names a commit; its full hash, or undefined. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | undefined> {
  const out = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd, okCodes: [1, 128] });
  const hash = out.toString('utf8').trim();
  return hash === '' ? undefined : hash;
}

/** Whether the repository is a shallow clone (part of its history is missing). */
export async function isShallow(cwd: string): Promise<boolean> {
  return (await git(['rev-parse', '--is-shallow-repository'], { cwd })).toString('utf8').trim() === 'true';
}

/**
 * The arguments of `logPatches`: for each commit given on standard input, in that
 * order, its header (`format`), raw entries (exact NUL-terminated paths, full blob
 * ids) and zero-context patch. Merges get a dense combined diff (`--cc`): its lines
 * marked `+` against every parent are the ones the merge itself introduced.
 * Output must not depend on the user's config: no signatures, no external diff or
 * textconv, renames detected (`-M`) so a moved file adds no lines.
 */
export function historyLogArgs(format: string, pathspecs: readonly string[]): string[] {
  return [
    'log', '--no-walk=unsorted', '--stdin', `--format=${format}`,
    '--raw', '-z', '-p', '-U0', '--cc', '-M', '--root', '--full-index', '--no-abbrev',
    '--no-ext-diff', '--no-textconv', '--no-color', '--no-show-signature', '--no-notes', '--encoding=UTF-8',
    '--', ...pathspecs,
  ];
}

/**
 * Starts `git log` (see `historyLogArgs`) over `commits` (one hash per line) and
 * returns the process: its stdout is streamed, never buffered whole, and read
 * with backpressure by the caller. Standard error is collected for the error.
 */
export function logPatches(cwd: string, commits: Buffer, format: string, pathspecs: readonly string[]): LogProcess {
  const args = historyLogArgs(format, pathspecs);
  const child = spawn('git', [...NEUTRAL_CONFIG, ...TEXT_DIFF_CONFIG, ...PACK_WINDOW_CONFIG, ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  const err: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  // git may exit (an error) before reading all of its input.
  child.stdin!.on('error', () => {});
  child.stdin!.end(commits);
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(new GitError(args, error.message, null)));
    child.on('close', (code, signal) => {
      if (code === 0 || signal === 'SIGTERM') resolve();
      else reject(new GitError(args, Buffer.concat(err).toString('utf8'), code));
    });
  });
  // git can fail while the reader is held up by backpressure, before it awaits
  // `done`: the reader still gets the error then (`readOne`), and the process
  // must not end on an unhandled rejection meanwhile.
  done.catch(() => {});
  return { stdout: child.stdout!, done, kill: () => child.kill('SIGTERM') };
}

/** A git process whose output is streamed. */
export interface GitStream {
  readonly stdout: NodeJS.ReadableStream & AsyncIterable<Buffer>;
  /** Settles when git exits: rejects with a GitError on failure. */
  readonly done: Promise<void>;
  kill(): void;
}

export type LogProcess = GitStream;

/**
 * A long-lived `git cat-file --batch-command`, for reading many blobs one after
 * another without a process each: the history scan reads every version of a
 * manifest it parses. A blob above the cap of `read` is never held in memory:
 * its bytes are dropped as git prints them (one request a blob, where asking for
 * the size first cost a second round trip for every manifest of a history).
 * Requests are answered in order.
 */
export class BlobReader {
  private readonly child: ReturnType<typeof spawn>;
  private buffered: Buffer = Buffer.alloc(0);
  private readonly waiting: {
    readonly header: boolean;
    /** Contents above this many bytes are dropped, and the answer is undefined. */
    readonly limit?: number;
    resolve(value: Buffer | string | undefined): void;
    reject(error: Error): void;
  }[] = [];
  private failure: Error | undefined;
  /** Bytes still to drop of a blob above its request's limit (its content and newline). */
  private skipping = 0;

  constructor(readonly cwd: string) {
    this.child = spawn('git', [...NEUTRAL_CONFIG, ...PACK_WINDOW_CONFIG, 'cat-file', '--batch-command'], {
      cwd,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      if (this.skipping > 0) {
        const dropped = Math.min(this.skipping, chunk.length);
        this.skipping -= dropped;
        chunk = chunk.subarray(dropped);
        if (chunk.length === 0) return;
      }
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.drain();
    });
    const fail = (error: Error): void => {
      this.failure = error;
      for (const request of this.waiting.splice(0)) request.reject(error);
    };
    this.child.on('error', (error) => fail(new GitError(['cat-file', '--batch-command'], error.message, null)));
    this.child.on('close', (code) => fail(new GitError(['cat-file', '--batch-command'], 'ended early', code)));
    this.child.stdin!.on('error', () => {});
  }

  /** The blob's content, or undefined when it is missing or larger than `maxBytes`. */
  async read(oid: string, maxBytes: number): Promise<Buffer | undefined> {
    return (await this.request(`contents ${oid}\n`, false, maxBytes)) as Buffer | undefined;
  }

  /** The blob's size, or undefined when it is missing. */
  async size(oid: string): Promise<number | undefined> {
    const info = (await this.request(`info ${oid}\n`, true)) as string | undefined;
    return info === undefined ? undefined : Number(info.slice(info.lastIndexOf(' ') + 1));
  }

  /**
   * Objects by name (`<rev>:<path>` or an object id), whatever their size, as
   * `readObjects` reads them, asked for in one write; missing ones map to undefined.
   */
  async readAll(names: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    // Names with a newline cannot be asked for on the line-based protocol.
    const askable = names.filter((name) => !name.includes('\n'));
    if (askable.length === 0) return new Map();
    const blobs = await Promise.all(this.requests(askable.map((name) => `contents ${name}\n`), false));
    return new Map(askable.map((name, i) => [name, blobs[i] as Buffer | undefined]));
  }

  /** The sizes of objects (blob ids), asked for in one write, as `objectSizes` gives them: missing ones are left out. */
  async sizesOf(oids: readonly string[]): Promise<Map<string, number>> {
    const headers = await Promise.all(this.requests(oids.map((oid) => `info ${oid}\n`), true));
    const sizes = new Map<string, number>();
    for (const [i, header] of headers.entries()) {
      if (typeof header === 'string') sizes.set(oids[i]!, Number(header.slice(header.lastIndexOf(' ') + 1)));
    }
    return sizes;
  }

  close(): void {
    this.child.stdin!.end();
  }

  private request(command: string, header: boolean, limit?: number): Promise<Buffer | string | undefined> {
    return this.requests([command], header, limit)[0]!;
  }

  private requests(commands: readonly string[], header: boolean, limit?: number): Promise<Buffer | string | undefined>[] {
    if (this.failure) return commands.map(() => Promise.reject(this.failure));
    const answers = commands.map(
      (): Promise<Buffer | string | undefined> => new Promise((resolve, reject) => this.waiting.push({ header, ...(limit === undefined ? {} : { limit }), resolve, reject })),
    );
    this.child.stdin!.write(commands.join(''));
    return answers;
  }

  private drain(): void {
    for (;;) {
      const request = this.waiting[0];
      const eol = this.buffered.indexOf(0x0a);
      if (!request || eol < 0) return;
      const header = this.buffered.toString('utf8', 0, eol);
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffered = this.buffered.subarray(eol + 1);
        this.waiting.shift()!.resolve(undefined);
        continue;
      }
      if (request.header) {
        this.buffered = this.buffered.subarray(eol + 1);
        this.waiting.shift()!.resolve(header);
        continue;
      }
      const size = Number(header.slice(header.lastIndexOf(' ') + 1));
      if (request.limit !== undefined && size > request.limit) {
        // Too large to hold: dropped as it comes, whatever part of it is here already.
        const here = Math.min(this.buffered.length - (eol + 1), size + 1);
        this.buffered = this.buffered.subarray(eol + 1 + here);
        this.skipping = size + 1 - here;
        this.waiting.shift()!.resolve(undefined);
        if (this.skipping > 0) return;
        continue;
      }
      if (this.buffered.length < eol + 1 + size + 1) return;
      const content = Buffer.from(this.buffered.subarray(eol + 1, eol + 1 + size));
      this.buffered = this.buffered.subarray(eol + 1 + size + 1);
      this.waiting.shift()!.resolve(content);
    }
  }
}

/** The sizes of objects (blob ids), by one `git cat-file --batch-check`; missing ones are left out. */
export async function objectSizes(cwd: string, oids: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (oids.length === 0) return sizes;
  const out = await git(['cat-file', '--batch-check'], { cwd, input: oids.map((oid) => `${oid}\n`).join('') });
  for (const line of out.toString('utf8').split('\n')) {
    const [oid = '', type, size] = line.split(' ');
    if (type !== undefined && size !== undefined && type !== 'missing') sizes.set(oid, Number(size));
  }
  return sizes;
}

/** A blob's bytes as a stream (`git cat-file blob`), read with backpressure; for blobs too large to hold. */
export async function* streamBlob(cwd: string, oid: string): AsyncIterable<Buffer> {
  const args = ['cat-file', 'blob', oid];
  const child = spawn('git', [...NEUTRAL_CONFIG, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  const err: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(new GitError(args, error.message, null)));
    child.on('close', (code, signal) => (code === 0 || signal === 'SIGTERM' ? resolve() : reject(new GitError(args, Buffer.concat(err).toString('utf8'), code))));
  });
  done.catch(() => {});
  try {
    for await (const chunk of child.stdout! as AsyncIterable<Buffer>) yield chunk;
    await done;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/** Where git-lfs keeps its objects for this repository: `lfs/objects` in the common git directory (shared by worktrees). */
export async function lfsObjectsDir(cwd: string): Promise<string> {
  const out = await git(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd });
  return join(out.toString('utf8').trim(), 'lfs', 'objects');
}

/** Where git runs the named hook from (honours `core.hooksPath` and worktrees). */
export async function hookFile(cwd: string, name: string): Promise<string> {
  const out = await git(['rev-parse', '--path-format=absolute', '--git-path', `hooks/${name}`], { cwd });
  return out.toString('utf8').trim();
}

// The allowlist's writes: what the review screen records goes into the index too,
// so the decision rides in the commit being made.

/** A path's entry in the index: file mode and blob id. */
export interface IndexEntry {
  readonly mode: string;
  readonly oid: string;
}

/** Options that point a command at another index file than the one git would use (`GIT_INDEX_FILE`). */
function inIndex(index: string | undefined): { env?: Record<string, string> } {
  return index === undefined ? {} : { env: { GIT_INDEX_FILE: index } };
}

/** The index entry of `path` (repository-relative) in the index, or in `index` when given; undefined when it is not staged. */
export async function indexEntry(root: string, path: string, index?: string): Promise<IndexEntry | undefined> {
  const out = (await git(['ls-files', '-s', '-z', '--', `:(literal)${path}`], { cwd: root, ...inIndex(index) })).toString('utf8');
  const match = /^(\d+) ([0-9a-f]+) \d+\t/.exec(out);
  return match ? { mode: match[1]!, oid: match[2]! } : undefined;
}

/** The bytes of the blob `oid`. */
export function readBlob(root: string, oid: string): Promise<Buffer> {
  return git(['cat-file', 'blob', oid], { cwd: root });
}

/** Stores `content` as a blob, as it is (no clean filters); returns its id. */
export async function writeBlob(root: string, content: string | Buffer): Promise<string> {
  return (await git(['hash-object', '-w', '--stdin', '--no-filters'], { cwd: root, input: content })).toString('utf8').trim();
}

/** Points the index entry of `path` at `entry` (adding the path when it is not there). */
export async function setIndexEntry(root: string, path: string, entry: IndexEntry, index?: string): Promise<void> {
  await git(['update-index', '--add', '--cacheinfo', `${entry.mode},${entry.oid},${path}`], { cwd: root, ...inIndex(index) });
}

/** Removes `path` from the index (a path that is not there is no error). */
export async function removeIndexEntry(root: string, path: string, index?: string): Promise<void> {
  await git(['update-index', '--force-remove', '--', path], { cwd: root, okCodes: [1], ...inIndex(index) });
}

/** `git add` of one work-tree file. */
export async function stageFile(root: string, path: string): Promise<void> {
  await git(['add', '--', `:(literal)${path}`], { cwd: root });
}

/** The configured `user.name`, if any. */
export async function configuredUserName(root: string): Promise<string | undefined> {
  const out = await git(['config', 'user.name'], { cwd: root, okCodes: [1] }).catch(() => undefined);
  return out?.toString('utf8').trim() || undefined;
}

/**
 * The index git keeps after the commit being made, when the pre-commit hook was
 * given another one; undefined when the hook's index (`GIT_INDEX_FILE`) is it.
 *
 * `git commit` and `git commit -a`/`--include` run the hook on the index that
 * stays: `.git/index` itself, or `.git/index.lock`, which git renames over it once
 * the commit is made. `git commit <path>` and `--only` run it on a temporary index
 * (`.git/next-index-*.lock`, HEAD plus the paths) while `.git/index.lock` holds
 * the repository's index with the same paths updated: an edit the hook stages
 * for the commit must go into that one as well, or the next commit undoes it.
 */
export async function lastingIndex(cwd: string): Promise<string | undefined> {
  const hookIndex = process.env.GIT_INDEX_FILE;
  if (hookIndex === undefined || hookIndex === '') return undefined;
  // --git-path index answers GIT_INDEX_FILE when it is set: ask without it.
  const out = await git(['rev-parse', '--path-format=absolute', '--git-path', 'index'], { cwd, env: { GIT_INDEX_FILE: undefined } });
  const locked = `${out.toString('utf8').trim()}.lock`;
  if (!existsSync(locked)) return undefined;
  const real = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  return real(resolve(cwd, hookIndex)) === real(locked) ? undefined : locked;
}

/** A config value as git resolves it (all scopes), or undefined when unset. */
export async function configValue(cwd: string, key: string): Promise<string | undefined> {
  const out = (await git(['config', '--get', key], { cwd, okCodes: [1] })).toString('utf8').trim();
  return out === '' ? undefined : out;
}

/**
 * Every value of the config keys matching `pattern` (a regex on lower-cased keys,
 * as `git config --get-regexp` takes it), in the order git reads them (system,
 * global, local, then `-c`): the last value of a key is the one in force.
 */
export async function configEntries(cwd: string, pattern: string): Promise<[key: string, value: string][]> {
  const out = (await git(['config', '--null', '--get-regexp', pattern], { cwd, okCodes: [1] })).toString('utf8');
  return out
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const at = entry.indexOf('\n');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    });
}

/** An absolute path inside the git directory (`objects`, `hooks/pre-commit`), as git resolves it. */
export async function gitPath(cwd: string, name: string): Promise<string> {
  return (await git(['rev-parse', '--path-format=absolute', '--git-path', name], { cwd })).toString('utf8').trim();
}

/**
 * Stages `content` at `path` in an index of its own (a copy of HEAD's tree), with
 * the new blob in an object directory of its own: the repository's index and
 * objects are untouched. Returns the environment under which git (and a hook)
 * sees that index.
 */
export async function probeIndex(cwd: string, dir: string, path: string, content: string): Promise<NodeJS.ProcessEnv> {
  const env = {
    GIT_INDEX_FILE: join(dir, 'index'),
    GIT_OBJECT_DIRECTORY: join(dir, 'objects'),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: await gitPath(cwd, 'objects'),
  };
  const head = await resolveCommit(cwd, 'HEAD');
  await git(head === undefined ? ['read-tree', '--empty'] : ['read-tree', head], { cwd, env });
  const oid = (await git(['hash-object', '-w', '--stdin'], { cwd, env, input: content })).toString('utf8').trim();
  await git(['update-index', '--add', '--cacheinfo', `100644,${oid},${path}`], { cwd, env });
  return env;
}
