// npm lifecycle scripts, so that what npm prints on standard output stays npm's:
// `npm pack` prints the tarball's name there, and the pre-commit framework reads
// it as such. Everything the build and husky say goes to standard error.
//
//   node scripts/prepare.mjs pack   (prepack) builds: `npm pack` and `npm publish`
//                                   make a tarball that installs without building.
//   node scripts/prepare.mjs        (prepare) runs after `npm install` in a checkout:
//                                   it builds (contributors, and npm installing
//                                   leakgate from its git repository) and activates
//                                   leakgate's own husky hook. During `npm pack` it
//                                   does nothing more: prepack has built.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const packing = process.argv[2] === 'pack';
const npmCommand = process.env.npm_command;

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 2, 2], shell: process.platform === 'win32' && command === 'npm' });
  if (result.status !== 0) {
    process.stderr.write(`leakgate: ${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status || 1);
  }
}

function npm(args) {
  const cli = process.env.npm_execpath;
  if (cli && /\.[cm]?js$/.test(cli)) run(process.execPath, [cli, ...args]);
  else run('npm', args);
}

// What the build reads, by size and modification time: a pack right after the
// install that built (the pre-commit framework runs `npm install`, then `npm pack`;
// npm installing from git runs prepare twice) does not build the same sources again.
const STAMP = 'dist/.build-inputs';
function inputs() {
  const out = [];
  const walk = (path) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    else out.push(`${path} ${info.size} ${info.mtimeMs}`);
  };
  for (const path of ['src', 'patterns', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json']) if (existsSync(path)) walk(path);
  return `${out.join('\n')}\n`;
}

// Only a checkout has sources to build; an unpacked tarball is built already.
const checkout = existsSync('src') && existsSync('tsconfig.json');
if (packing || (checkout && npmCommand !== 'pack' && npmCommand !== 'publish')) {
  if (!checkout) {
    process.stderr.write('leakgate: nothing to build here (no src/): pack from a checkout of leakgate\n');
    process.exit(1);
  }
  const before = inputs();
  const built = existsSync(STAMP) && existsSync('dist/bin/leakgate.cjs') && readFileSync(STAMP, 'utf8') === before;
  if (!built) {
    npm(['run', '--silent', 'build']);
    writeFileSync(STAMP, before);
  }
}
if (!packing && existsSync('.git') && existsSync('node_modules/husky/bin.js')) run(process.execPath, ['node_modules/husky/bin.js']);
