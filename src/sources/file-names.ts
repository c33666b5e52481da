/**
 * A token can be a file's name (`keys/ghp_….txt`, a directory named after an
 * access key): git commits the path as surely as the content, and a scan of the
 * content alone lets it through. Each path a change adds (a new, copied or renamed
 * file) is scanned as a fragment of its own, by the rules of `patterns/` only (see
 * `Fragment.fileName`).
 */
import type { Fragment } from '../types.js';

/**
 * A run of token characters long enough to hold one: every rule's token is longer.
 * Paths without one (almost all) make no fragment, so a history pays nothing for them.
 */
const TOKEN_RUN = /[A-Za-z0-9_-]{16,}/;

/** The path as a fragment to scan, or undefined when it cannot hold a token. */
export function fileNameFragment(path: string, base: Pick<Fragment, 'commit' | 'commitMessage'> = {}): Fragment | undefined {
  if (!TOKEN_RUN.test(path)) return undefined;
  return { path, text: path, fileName: true, ...base };
}
