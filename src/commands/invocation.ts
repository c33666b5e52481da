/**
 * How the user can run leakgate from a shell, for messages that tell them to:
 * a local install is not on PATH (`npx leakgate`), a global one is (`leakgate`),
 * a checkout runs its bundle.
 */
import { realpathSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';

let cached: string | undefined;

export function invocation(): string {
  return (cached ??= guess());
}

function guess(): string {
  let cli: string;
  try {
    cli = realpathSync(process.argv[1] ?? '');
  } catch {
    return 'npx leakgate';
  }
  const parts = cli.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) {
    const rel = relative(process.cwd(), cli);
    return `node ${rel.startsWith('..') || rel === '' ? cli : rel.split(sep).join('/')}`;
  }
  // npm's global prefix: <prefix>/lib/node_modules (Unix) or <prefix>/node_modules (Windows).
  const global = parts[at - 1] === 'lib' || dirname(process.execPath) === parts.slice(0, at).join(sep);
  return global && !parts.includes('_npx') ? 'leakgate' : 'npx leakgate';
}
