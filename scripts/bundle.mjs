// Bundles the CLI into one CommonJS file (dist/bin/leakgate-main.cjs) and its
// launcher (dist/bin/leakgate.cjs, the `leakgate` executable, which adds V8's code
// cache, built on first run in the user's cache directory: the package ships none,
// since a cache serves one Node version only). A pre-commit hook starts Node on
// every commit, so start-up is most of what a developer waits for: one CommonJS
// file skips the ESM loader's per-module resolution and linking, which cost more
// than the scan itself for a typical commit (measured by `npm run bench`).
// Identifiers are kept so that stack traces of internal errors stay readable.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

// The review screen is its own ES module (Ink is ESM with top-level await, which
// CommonJS cannot require), loaded only when a blocked commit opens it. Split, so
// that its entry can fall back to the text report without having loaded Ink or
// React: they come in with the chunk the entry imports once a terminal is open.
//
// The CLI reaches it through a two-line CommonJS file that Node loads the ordinary
// way: an import() inside the launcher's vm.Script fails on Node 20 once the script
// comes from the code cache ("A dynamic import callback was not specified"), and
// warns that the loader option is experimental even when it works.
const TUI_ENTRY = 'leakgate-tui.mjs';
const IMPORTER = 'leakgate-import.cjs';
const tuiThroughImporter = {
  name: 'tui-through-importer',
  setup(plugin) {
    plugin.onResolve({ filter: /[\\/]tui[\\/]run\.js$/ }, () => ({ path: 'tui-entry', namespace: 'leakgate-tui' }));
    plugin.onResolve({ filter: new RegExp(`^\\./${IMPORTER.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
    plugin.onLoad({ filter: /.*/, namespace: 'leakgate-tui' }, () => ({
      resolveDir: 'dist/bin',
      loader: 'js',
      contents: [
        `const load = () => require('./${IMPORTER}')('${TUI_ENTRY}');`,
        'export async function openReviewScreen(...args) { return (await load()).openReviewScreen(...args); }',
      ].join('\n'),
    }));
  },
};
mkdirSync('dist/bin', { recursive: true });
writeFileSync(
  `dist/bin/${IMPORTER}`,
  "'use strict';\n// Imports an ES module beside this file (see scripts/bundle.mjs).\n" +
    "module.exports = (name) => import(require('node:url').pathToFileURL(require('node:path').join(__dirname, name)).href);\n",
);

await build({
  ...common,
  entryPoints: { 'leakgate-tui': 'src/tui/run.ts' },
  outdir: 'dist/bin',
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'leakgate-tui-[hash]',
  // Ink, React and everything else the screen needs are in the bundle: loading them
  // from node_modules (hundreds of files, resolved one by one) took seconds before
  // the first frame. React's production build: no development checks, no warnings.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundled CommonJS packages require Node's built-ins, which an ES module can only do through createRequire.
  banner: { js: "import { createRequire as __leakgateCreateRequire } from 'node:module'; const require = __leakgateCreateRequire(import.meta.url);" },
  // Ink connects to React's developer tools only when asked to (DEV=true); they are
  // not shipped, and Ink says so when its import of them fails.
  plugins: [
    {
      name: 'no-react-devtools',
      setup(plugin) {
        plugin.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (/[\\/]ink[\\/]/.test(args.importer) ? { path: 'ink-devtools-not-bundled', external: true } : undefined));
      },
    },
  ],
  minifyWhitespace: true,
  minifySyntax: true,
});

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/bin/leakgate-main.cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  // The review screen's React and Ink are loaded only when it opens (see above).
  external: ['ink', 'react', 'react/*', 'ink-*'],
  plugins: [tuiThroughImporter],
  define: { 'import.meta.url': '__leakgateModuleUrl' },
  banner: { js: "const __leakgateModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
});
