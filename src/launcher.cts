/**
 * The `leakgate` executable. It runs the bundled CLI (`leakgate-main.cjs`) with a
 * V8 code cache: a pre-commit hook starts Node on every commit, and compiling the
 * bundle is a large share of that start-up (about 15 ms of 115 ms, measured).
 *
 * The cache is built on first run, in the user's cache directory (never in the
 * package, which must work on every Node version and may be read-only):
 * - Node 22.1 and later: `module.enableCompileCache`, the public API, which keys
 *   entries by Node version and file content itself;
 * - Node 20: a `vm.Script` with `cachedData`, one file per Node version,
 *   architecture and bundle (path, size, modification time); V8 rejects a cache
 *   made for other flags or another source length, and a rejected one is rewritten.
 *   Writing one removes those of the same install's earlier builds, so upgrades do
 *   not pile files up. The hooks' commands keep caches of their own (see `runKind`).
 * Where neither can be used (a Node 20 without the vm constant below, the private
 * module functions gone, a cache directory that cannot be written, any error while
 * setting up) the bundle is loaded the ordinary way. LEAKGATE_NO_CODE_CACHE=1 turns
 * the cache off; LEAKGATE_CACHE_DIR chooses its directory.
 */
import fs = require('node:fs');
import Module = require('node:module');
import os = require('node:os');
import path = require('node:path');
import vm = require('node:vm');

const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = fs;
const { dirname, join } = path;

const main = join(__dirname, 'leakgate-main.cjs');

/** The per-user cache directory of the platform (XDG on Linux and BSDs). */
function cacheDirectory(): string | undefined {
  const env = process.env;
  if (env.LEAKGATE_NO_CODE_CACHE) return undefined;
  if (env.LEAKGATE_CACHE_DIR) return env.LEAKGATE_CACHE_DIR;
  try {
    if (process.platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'leakgate', 'Cache') : undefined;
    if (process.platform === 'darwin') return join(os.homedir(), 'Library', 'Caches', 'leakgate');
    return join(env.XDG_CACHE_HOME || join(os.homedir(), '.cache'), 'leakgate');
  } catch {
    // No home directory (a locked-down CI user): no cache.
    return undefined;
  }
}

/** FNV-1a, enough to tell bundles apart in a file name (node:crypto costs more to load). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

interface PrivateModule {
  _nodeModulePaths?: (dir: string) => string[];
  _resolveFilename?: (id: string, parent: Module) => string;
  enableCompileCache?: (dir: string) => unknown;
}

function runWithCompileCache(dir: string): boolean {
  const enable = (Module as unknown as PrivateModule).enableCompileCache;
  if (typeof enable !== 'function') return false;
  try {
    enable(join(dir, 'compile'));
  } catch {
    return false;
  }
  require(main);
  return true;
}

/** Which code cache a run uses: each hook its own, every other command one together. */
function runKind(command: string | undefined): string {
  return command === 'staged' || command === 'commit-msg' || command === 'pre-receive' ? command : 'other';
}

function runWithCodeCache(dir: string): boolean {
  const dynamicImport = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } | undefined)
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const internals = Module as unknown as PrivateModule;
  const nodeModulePaths = internals._nodeModulePaths;
  const resolveFilename = internals._resolveFilename;
  if (dynamicImport === undefined || typeof nodeModulePaths !== 'function' || typeof resolveFilename !== 'function') return false;
  let cacheFile: string;
  let family: string;
  let build: string;
  let cachedData: Buffer | undefined;
  try {
    const info = statSync(main);
    // One file per install, Node version, build and kind of run: the bundle's path names the
    // install, its size and time the build. A cache holds the functions its first run compiled,
    // and is never rewritten while V8 accepts it: the hooks keep caches of their own, so a
    // commit is not left with the one `leakgate --help` made.
    family = `main-${process.version}-${process.arch}-${shortHash(main)}-`;
    build = `${family}${shortHash(`${info.size}\0${info.mtimeMs}`)}-`;
    cacheFile = join(dir, `${build}${runKind(process.argv[2])}.cache`);
  } catch {
    return false;
  }
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // First run of this bundle with this Node version: the cache is written on exit.
  }
  let script: vm.Script;
  let wrapper: (...args: unknown[]) => void;
  const mod = new Module(main, module);
  try {
    const source = readFileSync(main, 'utf8').replace(/^#!/, '//');
    const options = { filename: main, cachedData, importModuleDynamically: dynamicImport } as unknown as vm.ScriptOptions;
    script = new vm.Script(Module.wrap(source), options);
    wrapper = script.runInThisContext() as typeof wrapper;
    mod.filename = main;
    (mod as unknown as { paths: string[] }).paths = nodeModulePaths(dirname(main));
  } catch {
    return false;
  }
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        mkdirSync(dir, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
        // The caches of this install's earlier builds (an upgrade, a rebuild) are never read again.
        for (const name of readdirSync(dir)) {
          if (name.startsWith(family) && !name.startsWith(build) && name.endsWith('.cache')) rmSync(join(dir, name), { force: true });
        }
      } catch {
        // A cache directory that cannot be written: run without the cache.
      }
    });
  }
  const require = Object.assign((id: string) => mod.require(id), {
    resolve: (id: string) => resolveFilename(id, mod),
  });
  wrapper.call(mod.exports, mod.exports, require, mod, main, dirname(main));
  return true;
}

const dir = cacheDirectory();
if (dir === undefined || !(runWithCompileCache(dir) || runWithCodeCache(dir))) require(main);
