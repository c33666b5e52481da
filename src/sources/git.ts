/**
 * One small function per git command. The only module that spawns git.
 *
 * Hot paths spawn git directly rather than through simple-git: the scanner needs
 * raw bytes (NUL-separated paths, undecoded blobs) and a pre-commit hook cannot
 * afford simple-git's start-up and task queue (measured in bench/). Tests use
 * simple-git to build their repositories, where its convenience is worth it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
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
];

export interface GitOptions {
  readonly cwd: string;
  readonly input?: string | Buffer;
  /** Exit codes other than 0 that are not errors (e.g. 1 for "not found"). */
  readonly okCodes?: readonly number[];
}

export function git(args: readonly string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...NEUTRAL_CONFIG, ...args], {
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
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
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface RepoInfo {
  /** Absolute path of the work tree root. */
  readonly root: string;
  /** Absolute path of this work tree's git directory (where MERGE_HEAD lives). */
  readonly gitDir: string;
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
    throw error;
  }
  const [root = '', gitDir = ''] = out.split('\n');
  if (!root) throw new NotARepositoryError(cwd);
  return { root, gitDir };
}

/** What the index adds against HEAD (or the empty tree before the first commit). */
export function stagedDiff(cwd: string): Promise<Buffer> {
  return git(['diff', '--cached', '--raw', '-z', '-p', '-U0', '-M', '--no-abbrev', '--no-ext-diff', '--no-textconv'], {
    cwd,
  });
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
