// Bundles the CLI into one CommonJS file (dist/bin/leakgate-main.cjs) and its
// launcher (dist/bin/leakgate.cjs, the `leakgate` executable, which adds V8's code
// cache). A pre-commit hook starts Node on every commit, so start-up is most of
// what a developer waits for: one CommonJS file skips the ESM loader's per-module
// resolution and linking, which cost more than the scan itself for a typical
// commit (measured by `npm run bench`). Identifiers are kept so that stack traces
// of internal errors stay readable.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['src/launcher.cts'],
  outfile: 'dist/bin/leakgate.cjs',
  banner: { js: '#!/usr/bin/env node' },
});

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/bin/leakgate-main.cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  // The review screen's React and Ink are loaded only when it opens.
  external: ['ink', 'react', 'react/*', 'ink-*'],
  define: { 'import.meta.url': '__leakgateModuleUrl' },
  banner: { js: "const __leakgateModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
});

// Old code caches are stale now; one run writes the cache for this Node version.
for (const name of readdirSync('dist/bin')) {
  if (name.endsWith('.cache')) rmSync(`dist/bin/${name}`);
}
execFileSync(process.execPath, ['dist/bin/leakgate.cjs', '--version'], { stdio: 'ignore' });
