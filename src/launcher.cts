/**
 * The `leakgate` executable. It runs the bundled CLI (`leakgate-main.cjs`) through
 * V8's code cache: a pre-commit hook starts Node on every commit, and compiling
 * the bundle is a large share of that start-up. The cache sits beside the bundle,
 * one file per Node version and architecture; V8 checks it against the source and
 * rejects a stale one, which is then rewritten. Where the cache cannot be used
 * (an older Node 20 without the vm constant below, a read-only install, any error
 * while setting it up) the bundle is loaded the ordinary way.
 */
import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

const { readFileSync, renameSync, writeFileSync } = fs;
const { dirname, join } = path;

const main = join(__dirname, 'leakgate-main.cjs');
const cacheFile = join(__dirname, `.leakgate-main-${process.version}-${process.arch}.cache`);

function runWithCodeCache(): boolean {
  const dynamicImport = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } | undefined)
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (dynamicImport === undefined || process.env.LEAKGATE_NO_CODE_CACHE) return false;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // First run with this Node version: the cache is written on exit.
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
    (mod as unknown as { paths: string[] }).paths = (
      Module as unknown as { _nodeModulePaths(dir: string): string[] }
    )._nodeModulePaths(dirname(main));
  } catch {
    return false;
  }
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        const temporary = `${cacheFile}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // A read-only install: run without the cache.
      }
    });
  }
  const require = Object.assign((id: string) => mod.require(id), {
    resolve: (id: string) => (Module as unknown as { _resolveFilename(id: string, parent: Module): string })._resolveFilename(id, mod),
  });
  wrapper.call(mod.exports, mod.exports, require, mod, main, dirname(main));
  return true;
}

if (!runWithCodeCache()) require(main);
