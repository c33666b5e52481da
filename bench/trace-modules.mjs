// Preload for `node --import`: records every module a leakgate run loads, one per
// line, in the file named by BENCH_MODULE_LOG. ES modules are seen by a resolve hook
// (trace-hooks.mjs); CommonJS modules loaded with require() bypass that hook, so the
// require cache is appended as well when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.BENCH_MODULE_LOG;
if (file) {
  register('./trace-hooks.mjs', import.meta.url, { data: { file } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const paths = Object.keys(require.cache);
    if (paths.length > 0) appendFileSync(file, `${paths.join('\n')}\n`);
  });
}
