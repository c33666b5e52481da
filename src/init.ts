/**
 * `leakgate init`: a commented `.leakgate.yaml`, a pre-commit hook (the staged
 * changes) and a commit-msg hook (the message, which does not exist yet when the
 * pre-commit hook runs): husky's when the repository uses husky, git's own
 * otherwise. Never overwrites a file it did not write; an existing hook gets
 * leakgate added, not replaced, and never where it would not run: a hook that is
 * not a shell script, or the pre-commit framework's, is refused with what to do
 * instead, and then neither hook is written. Committed hook files get only
 * portable commands. Each hook is then run on a probe (a fake secret staged in an
 * index of its own; a message file holding one) and called verified only if it
 * blocked it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { CONFIG_FILE } from './allowlist/store.js';
import { base62, crc32 } from './patterns/checksum.js';
import { configValue, probeIndex, type RepoInfo } from './sources/git.js';
import { COMMIT_MESSAGE_PATH } from './types.js';

/** The hooks `init` installs: the pre-commit hook scans what the commit adds, the commit-msg hook its message. */
export const HOOK_NAMES = ['pre-commit', 'commit-msg'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export const HOOK_MARKER = '# leakgate: block commits that add secrets';
export const MESSAGE_HOOK_MARKER = '# leakgate: block commit messages that hold secrets';

/** How each hook is recognised, and what it runs (git gives the commit-msg hook the message file as `$1`). */
const HOOKS: Record<HookName, { readonly marker: string; readonly args: string }> = {
  'pre-commit': { marker: HOOK_MARKER, args: 'staged' },
  'commit-msg': { marker: MESSAGE_HOOK_MARKER, args: 'commit-msg "$1"' },
};

/** Where editors find the config's JSON Schema: in the package, installed in the repository's node_modules. */
export const CONFIG_SCHEMA_PATH = './node_modules/leakgate/schema/leakgate.schema.json';

export const CONFIG_TEMPLATE = `# yaml-language-server: $schema=${CONFIG_SCHEMA_PATH}
# leakgate configuration: what may be committed although it looks like a secret.
# Every entry should say why. Findings are identified by fingerprints (rule, path
# and a hash of the secret), never by line numbers, so entries survive code moving.

allow:
  # Files never scanned (minimatch globs, relative to the repository root).
  paths: []
  #  - "test/fixtures/**"

  # Regexes on the secret itself (target: secret) or on its whole line (target: line).
  regexes: []
  #  - pattern: "^sk_test_"
  #    target: secret

  # A finding whose secret contains one of these words is allowed.
  stopwords: []

rules:
  # Rule ids to turn off (see patterns/ for the list).
  disable: []

# Single findings judged not to be secrets: the fingerprint printed with the finding.
ignore: []
#  - fingerprint: lg2:0123456789abcdef0123456789abcdef
#    reason: public test key from the provider's documentation
#    author: you@example.com
#    date: 2026-01-31
#    expires: 2026-12-31
`;

/**
 * What the pre-commit framework's users add instead of a hook line: the
 * repository's own install, run from the root as pre-commit runs hooks (no npx,
 * which costs a second a commit). The commit-msg hook runs at the stage of that
 * name (the same name in pre-commit 3.0 and later), on the message file
 * pre-commit passes; `always_run`, so that a file pattern never skips it.
 */
export const PRE_COMMIT_SNIPPET = `repos:
  - repo: local
    hooks:
      - id: leakgate
        name: leakgate (block commits that add secrets)
        entry: node_modules/.bin/leakgate staged --no-color
        language: system
        pass_filenames: false
      - id: leakgate-commit-msg
        name: leakgate (block commit messages that hold secrets)
        entry: node_modules/.bin/leakgate commit-msg --no-color
        language: system
        stages: [commit-msg]
        always_run: true
`;

/** pre-commit installs only its pre-commit hook unless told otherwise. */
export const PRE_COMMIT_INSTALL = 'pre-commit install --hook-type pre-commit --hook-type commit-msg';

/** Why init did not install the hook, and what the user can do instead. */
export class InitRefusal extends Error {
  override readonly name = 'InitRefusal';
  constructor(
    message: string,
    readonly advice: string,
  ) {
    super(message);
  }
}

export interface InitResult {
  readonly wrote: string[];
  readonly kept: string[];
  /** The hooks git runs (husky's stubs under `.husky/_` included), to be probed. */
  readonly hooksToRun: Readonly<Record<HookName, string>>;
}

/** Where leakgate runs from, and where the repository keeps things. */
export interface InitContext {
  readonly repo: RepoInfo;
  /** The real path of the executable that runs (`dist/bin/leakgate.cjs` in the package). */
  readonly cliPath: string;
  /** Where git runs each hook from (`git rev-parse --git-path hooks/<name>`). */
  readonly gitHooks: Readonly<Record<HookName, string>>;
}

/**
 * The command a hook runs, portable when the hook file is committed: husky (9 and
 * later) puts `node_modules/.bin` on PATH; a plain git hook runs at the root of the
 * work tree, so the repository's own install is a relative path; leakgate's own
 * checkout runs its bundle. Outside the repository only an uncommitted hook may
 * name the executable, and never npx's cache, which npx may empty.
 */
export function hookCommand(root: string, cliPath: string, options: { husky: boolean; committed: boolean }, hook: HookName = 'pre-commit'): string {
  return `${hookProgram(root, cliPath, options)} ${HOOKS[hook].args}`;
}

function hookProgram(root: string, cliPath: string, options: { husky: boolean; committed: boolean }): string {
  const toRoot = (path: string): string => relative(root, path).split(sep).join('/');
  if (existsSync(join(root, 'node_modules', '.bin', 'leakgate'))) {
    return options.husky ? 'leakgate' : 'node_modules/.bin/leakgate';
  }
  const packageDir = dirname(dirname(dirname(cliPath)));
  const inside = !toRoot(packageDir).startsWith('..') && !isAbsolute(toRoot(packageDir));
  if (inside) {
    if (basename(dirname(packageDir)) === 'node_modules') {
      const bin = join(dirname(packageDir), '.bin', 'leakgate');
      if (existsSync(bin)) return shellQuote(toRoot(bin));
    }
    return `node ${shellQuote(toRoot(cliPath))}`;
  }
  const install = 'install it in the repository first (npm install --save-dev with the tarball or git URL, see the README), then run `npx leakgate init` again';
  if (/[\\/]_npx[\\/]/.test(cliPath)) {
    throw new InitRefusal('leakgate runs from npx’s cache here, which npx may empty: a hook pointing there would break', install);
  }
  if (options.committed) {
    throw new InitRefusal('leakgate is not installed in this repository, and the hook file is committed: it must not name a path on this machine', install);
  }
  return `${shellQuote(process.execPath)} ${shellQuote(cliPath)}`;
}

export async function init(context: InitContext): Promise<InitResult> {
  const { repo } = context;
  const result = { wrote: [] as string[], kept: [] as string[] };
  const shown = (path: string): string => relative(repo.root, path).split(sep).join('/');

  // Decide where the hooks go, and what goes in them, before writing anything.
  const husky = await huskyHook(repo.root);
  const plans: { name: HookName; hookPath: string; body: string | undefined }[] = [];
  for (const name of HOOK_NAMES) {
    const hookPath = husky ? join(repo.root, '.husky', name) : context.gitHooks[name];
    const committed = !isInside(repo.gitDir, hookPath) && isInside(repo.root, hookPath);
    const command = hookCommand(repo.root, context.cliPath, { husky: husky !== undefined, committed }, name);
    const existing = existsSync(hookPath) ? await readFile(hookPath, 'utf8') : undefined;
    plans.push({ name, hookPath, body: withLeakgate(existing, command, husky !== undefined, name) });
  }

  const configPath = join(repo.root, CONFIG_FILE);
  if (existsSync(configPath)) result.kept.push(CONFIG_FILE);
  else {
    await writeFile(configPath, CONFIG_TEMPLATE);
    result.wrote.push(CONFIG_FILE);
  }
  if (husky === 'inactive') await activateHusky(repo.root);
  const hooksToRun = {} as Record<HookName, string>;
  for (const { name, hookPath, body } of plans) {
    if (body === undefined) {
      result.kept.push(shown(hookPath));
      await chmod(hookPath, 0o755);
    } else {
      await mkdir(dirname(hookPath), { recursive: true });
      await writeFile(hookPath, body);
      await chmod(hookPath, 0o755);
      result.wrote.push(shown(hookPath));
    }
    const stub = join(repo.root, '.husky', '_', name);
    hooksToRun[name] = husky && existsSync(stub) ? stub : hookPath;
  }
  return { ...result, hooksToRun };
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Whether the repository uses husky: `active` when git runs `.husky/` (husky 9's
 * `.husky/_`, or `.husky` for older versions), `inactive` when `.husky/` exists but
 * git does not run it (then init activates it, or refuses), undefined without husky
 * or when `core.hooksPath` points elsewhere.
 */
async function huskyHook(root: string): Promise<'active' | 'inactive' | undefined> {
  if (!existsSync(join(root, '.husky'))) return undefined;
  const hooksPath = await configValue(root, 'core.hooksPath');
  if (hooksPath === undefined) {
    if (!existsSync(join(root, 'node_modules', 'husky', 'bin.js'))) {
      throw new InitRefusal(
        '.husky/ exists but husky is not active (core.hooksPath is not set), so a hook written there would never run',
        'install husky (npm install --save-dev husky, with "prepare": "husky" in package.json) or remove .husky/, then run `npx leakgate init` again',
      );
    }
    return 'inactive';
  }
  const normalized = hooksPath.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, '');
  return normalized === '.husky/_' || normalized === '.husky' ? 'active' : undefined;
}

/** Runs the repository's own husky, which sets core.hooksPath to `.husky/_`. */
async function activateHusky(root: string): Promise<void> {
  const run = await runHookProcess(process.execPath, [join(root, 'node_modules', 'husky', 'bin.js')], root, {});
  if (run.code !== 0 || (await configValue(root, 'core.hooksPath')) === undefined) {
    throw new InitRefusal(`husky could not be activated: ${run.output.trim() || `exit ${run.code}`}`, 'run `npx husky` in the repository, then `npx leakgate init` again');
  }
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox']);

/**
 * The hook with leakgate's lines added, or undefined when they are there already.
 * They go after the hook's set-up (shebang, comments, `set`, variable assignments,
 * `.`/`source`) and before anything else, so no `exit` or `exec` of the hook can
 * skip them, and no block (`if`, a function) can hold them.
 */
export function withLeakgate(existing: string | undefined, command: string, husky: boolean, hook: HookName = 'pre-commit'): string | undefined {
  const { marker } = HOOKS[hook];
  const block = `${marker} (bypass once: git commit --no-verify)\n${command} || exit 1\n`;
  if (existing === undefined || existing.trim() === '') return `${husky ? '' : '#!/bin/sh\n'}${block}`;
  if (existing.includes(marker)) return undefined;
  if (/File generated by pre-commit: https:\/\/pre-commit\.com/.test(existing)) {
    throw new InitRefusal(
      `this repository’s ${hook} hook is the pre-commit framework’s, which replaces itself with its own runner (\`exec\`): a line added there never runs`,
      `add leakgate to .pre-commit-config.yaml:\n\n${PRE_COMMIT_SNIPPET}\nand install both of pre-commit’s hooks: ${PRE_COMMIT_INSTALL}`,
    );
  }
  const lines = existing.split('\n');
  const shebang = /^#!\s*(\S+)(?:\s+(.*))?$/.exec(lines[0] ?? '');
  if (shebang) {
    const program = basename(shebang[1]!);
    const interpreter = program === 'env' ? (shebang[2] ?? '').split(/\s+/).find((word) => !word.startsWith('-') && !word.includes('=')) ?? '' : program;
    if (!SHELLS.has(interpreter)) {
      throw new InitRefusal(
        `the existing ${hook} hook is not a shell script (${interpreter || lines[0]}): a shell line added to it would break it`,
        `make the hook run this command and fail when it fails (exit status not 0), with the comment \`${marker}\` in it so that init knows it is there:\n\n    ${command}${hook === 'commit-msg' ? '\n\n($1: the message file git gives the hook)' : ''}`,
      );
    }
  }
  let at = 0;
  while (at < lines.length && isSetUp(lines[at]!, at)) at++;
  const before = lines.slice(0, at);
  const after = lines.slice(at);
  return [...before, ...(before.length > 0 && before.at(-1)!.trim() !== '' ? [''] : []), block.trimEnd(), ...(after[0]?.trim() ? [''] : []), ...after].join('\n');
}

/** A line that only prepares the hook's environment. */
function isSetUp(line: string, index: number): boolean {
  if (/\\\s*$/.test(line) || line.includes('<<')) return false;
  if (index === 0 && line.startsWith('#!')) return true;
  if (/^\s*(#.*)?$/.test(line)) return true;
  const code = line.replace(/\s#.*$/, '');
  if (/[;&|`]/.test(code)) return false;
  // Sourcing a file that sets up the hook (husky 8's `. "$(dirname -- "$0")/_/husky.sh"`).
  if (/^\s*(?:\.|source)\s+\S/.test(code)) return true;
  if (code.includes('$(')) return false;
  return /^\s*(?:(?:export|readonly)\s+)?[A-Za-z_]\w*=\S*\s*$/.test(line) || /^\s*(?:export|set|umask|unset)\b/.test(line);
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface ProbeResult {
  readonly blocked: boolean;
  readonly code: number | null;
  readonly output: string;
}

/** The path of the probe's fake secret in its private index. */
export const PROBE_PATH = 'leakgate-probe/.env';

/**
 * Runs `hook` the way git runs it at commit time (at the work tree's root, no
 * stdin, no terminal), on an index of its own where a fake GitHub token is staged,
 * and says whether the hook blocked that commit because of it. The repository's
 * index, objects and files are not touched.
 */
export async function probeHook(repo: RepoInfo, hook: string): Promise<ProbeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'leakgate-probe-'));
  try {
    await mkdir(join(dir, 'objects'), { recursive: true });
    const env = await probeIndex(repo.root, dir, PROBE_PATH, `GITHUB_TOKEN=${fakeGithubToken()}\n`);
    const run = await runHookProcess(hook, [], repo.root, { ...env, LEAKGATE_NO_TUI: '1', NO_COLOR: '1' });
    return { blocked: run.code !== 0 && run.output.includes(PROBE_PATH), code: run.code, output: run.output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the commit-msg hook `hook` the way git runs it for `git commit -m` (at the
 * work tree's root, no stdin, `GIT_EDITOR=:`) on a message file of its own holding
 * a fake GitHub token, and says whether it blocked the commit because of it.
 */
export async function probeMessageHook(repo: RepoInfo, hook: string): Promise<ProbeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'leakgate-probe-'));
  try {
    const message = join(dir, 'COMMIT_EDITMSG');
    await writeFile(message, `leakgate probe: deploy with ${fakeGithubToken()}\n`);
    const run = await runHookProcess(hook, [message], repo.root, { GIT_EDITOR: ':', LEAKGATE_NO_TUI: '1', NO_COLOR: '1' });
    return { blocked: run.code !== 0 && run.output.includes(COMMIT_MESSAGE_PATH), code: run.code, output: run.output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A GitHub classic token with a valid checksum, made up now: it was never issued. */
function fakeGithubToken(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let body = '';
  for (let i = 0; i < 30; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `ghp_${body}${base62(crc32(body), 6)}`;
}

/** Runs a program (a hook: through sh when it has no shebang, as git does). */
function runHookProcess(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const start = (file: string, argv: readonly string[]) =>
    new Promise<{ code: number | null; output: string } | 'ENOEXEC'>((resolve, reject) => {
      const child = spawn(file, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOEXEC' ? resolve('ENOEXEC') : reject(error)));
      child.on('close', (code) => resolve({ code, output }));
    });
  return start(command, args).then((result) => (result === 'ENOEXEC' ? start('/bin/sh', [command, ...args]) : result)) as Promise<{ code: number | null; output: string }>;
}
