/**
 * Globs of the allowlist (pure): what makes one unusable, and the ones the review
 * screen offers. Apart from the config parser so that the review screen's bundle
 * does not carry the YAML library.
 */
import { Minimatch } from 'minimatch';

/** Wildcards allowed in one segment of a glob from a config. */
const MAX_SEGMENT_STARS = 2;

/**
 * minimatch accepts almost any string, treating what it cannot parse as literal
 * text; a glob that can never match a repository path is a mistake worth naming.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'it is empty';
  if (glob.startsWith('/')) return 'paths are relative to the repository root; remove the leading /';
  // A backslash escapes a glob character (`a\[1\].txt`); anywhere else it is a Windows separator.
  if (/\\(?![*?[\]{}()!+@\\])/.test(glob)) return 'use / as the separator';
  if (glob.split('/').includes('..')) return 'it points outside the repository';
  const unbalanced = (open: string, close: string): boolean => glob.split(open).length !== glob.split(close).length;
  if (unbalanced('[', ']')) return 'a [ has no matching ]';
  if (unbalanced('{', '}')) return 'a { has no matching }';
  // minimatch matches with a backtracking regex: each `*` of a segment multiplies the
  // work on a long file name (`*a*a*a*b` takes seconds on one 250-character name).
  if (glob.replace(/\\./g, '').split('/').some((segment) => segment !== '**' && (segment.match(/\*+/g)?.length ?? 0) > MAX_SEGMENT_STARS)) {
    return `more than ${MAX_SEGMENT_STARS} * in one path segment, which can take exponential time on a long file name`;
  }
  if (new Minimatch(glob, { dot: true }).makeRe() === false) return 'minimatch cannot compile it';
  return undefined;
}

/** Directories whose files are usually examples rather than live configuration. */
const EXAMPLE_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'fixtures', 'testdata', 'examples', 'example', 'docs', '__fixtures__', 'mocks', '__mocks__']);

/**
 * The glob the review screen offers for allowlisting `path`: the enclosing test or
 * example directory when there is one (its siblings are likely alike), else the file.
 */
export function suggestGlob(path: string): string {
  const parts = path.split('/');
  const at = parts.slice(0, -1).findIndex((part) => EXAMPLE_DIRS.has(part.toLowerCase()));
  return at >= 0 ? `${parts.slice(0, at + 1).join('/')}/**` : escapeGlob(path);
}

/** `path` as a glob matching only itself. */
export function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!+@\\]/g, (char) => `\\${char}`);
}
