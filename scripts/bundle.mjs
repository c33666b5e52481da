// Bundles the CLI into one file (dist/bin/leakgate.js). A pre-commit hook starts
// Node on every commit: one file loads in a fraction of the time that the ESM
// loader needs for the few hundred modules of the unbundled dependencies (see bench/).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/bin/leakgate.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The review screen's React and Ink are loaded only when it opens.
  external: ['ink', 'react', 'react/*', 'ink-*'],
  banner: { js: "import { createRequire as __leakgateRequire } from 'node:module';\nconst require = __leakgateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
