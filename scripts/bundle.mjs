// Bundles the CLI into one CommonJS file (dist/bin/leakgate-main.cjs) and its
// launcher (dist/bin/leakgate.cjs, the `leakgate` executable, which adds V8's code
// cache). A pre-commit hook starts Node on every commit, so start-up is most of
// what a developer waits for: one CommonJS file skips the ESM loader's per-module
// resolution and linking, which cost more than the scan itself for a typical
// commit (measured by `npm run bench`). Identifiers are kept so that stack traces
// of internal errors stay readable.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

rmSync('dist/bin', { recursive: true, force: true });

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['src/launcher.cts'],
  outfile: 'dist/bin/leakgate.cjs',
  banner: { js: '#!/usr/bin/env node' },
});
chmodSync('dist/bin/leakgate.cjs', 0o755);

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

// A first run writes the cache for this Node
// version; it holds the functions that run compiled, so the run is a real scan
// with a config, like the hook's.
const work = mkdtempSync(join(tmpdir(), 'leakgate-build-'));
try {
  const config = join(work, 'config.yaml');
  writeFileSync(config, 'allow:\n  paths: ["vendor/**"]\n  regexes: [{ pattern: "^EXAMPLE", target: secret }]\n');
  const run = spawnSync(
    process.execPath,
    ['dist/bin/leakgate.cjs', 'files', 'fixtures/demo', '--config', config, '--format', 'json', '--output', join(work, 'report.json')],
    { stdio: 'ignore' },
  );
  if (run.status !== 1) throw new Error(`the warm-up scan of fixtures/demo exited ${run.status}, expected 1 (findings)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
