/**
 * A token can be a file's name (`keys/ghp_….txt`, a directory named after an
 * access key): git commits the path as surely as the content, and a scan of the
 * content alone lets it through. Each path a change adds (a new, copied or renamed
 * file, and each member an archive adds: `a.zip!keys/<token>`) is scanned as a
 * fragment of its own, by the rules of `patterns/` only (see `Fragment.fileName`).
 */
import type { Fragment } from '../types.js';

/**
 * A run of token characters long enough to hold one: every rule's token is longer.
 * Paths without one (almost all) make no fragment, so a history pays nothing for them.
 */
const TOKEN_RUN = /[A-Za-z0-9_-]{16,}/;

/** Whether a change with this status adds its path: a new, copied or renamed file. */
export function addsPath(status: string): boolean {
  return status === 'A' || status === 'R' || status === 'C';
}

/**
 * The path as a fragment to scan, or undefined when it cannot hold a token. `from`:
 * where the name this fragment answers for starts (an archive member's, after
 * `archive!`; the archive's own name is its own fragment).
 */
export function fileNameFragment(path: string, base: Partial<Pick<Fragment, 'commit' | 'commitMessage'>> = {}, from = 0): Fragment | undefined {
  if (!TOKEN_RUN.test(from === 0 ? path : path.slice(from))) return undefined;
  return {
    path,
    text: path,
    fileName: true,
    ...(from > 0 ? { owned: [from, path.length] as const } : {}),
    ...(base.commit ? { commit: base.commit } : {}),
    ...(base.commitMessage !== undefined ? { commitMessage: base.commitMessage } : {}),
  };
}
