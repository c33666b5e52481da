/**
 * Adding an inline `leakgate:allow` to a line (pure). The marker goes in a comment
 * in the file's own syntax, at the end of the line; file types without line
 * comments (JSON) cannot carry one.
 */
import { INLINE_ALLOW } from './match.js';

const MARKER = 'leakgate:allow';

type CommentStyle = readonly [open: string, close: string];

const HASH: CommentStyle = ['#', ''];
const SLASHES: CommentStyle = ['//', ''];
const DASHES: CommentStyle = ['--', ''];
const BLOCK: CommentStyle = ['/*', ' */'];
const XML: CommentStyle = ['<!--', ' -->'];
const SEMICOLON: CommentStyle = [';', ''];

const BY_EXTENSION: Record<string, CommentStyle> = {
  ...Object.fromEntries(
    ['yaml', 'yml', 'py', 'rb', 'sh', 'bash', 'zsh', 'fish', 'toml', 'env', 'conf', 'cfg', 'properties', 'tf', 'tfvars', 'hcl', 'r', 'pl', 'ps1', 'mk', 'nix', 'dockerfile', 'gitignore', 'editorconfig'].map((ext) => [ext, HASH]),
  ),
  ...Object.fromEntries(
    ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'go', 'java', 'kt', 'kts', 'scala', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'rs', 'swift', 'dart', 'php', 'groovy', 'gradle', 'jsonc', 'json5', 'proto', 'zig'].map((ext) => [ext, SLASHES]),
  ),
  ...Object.fromEntries(['sql', 'lua', 'hs', 'elm'].map((ext) => [ext, DASHES])),
  ...Object.fromEntries(['css', 'scss', 'less'].map((ext) => [ext, BLOCK])),
  ...Object.fromEntries(['html', 'htm', 'xml', 'svg', 'md', 'vue', 'xaml', 'csproj', 'plist'].map((ext) => [ext, XML])),
  ...Object.fromEntries(['ini', 'lisp', 'clj', 'asm'].map((ext) => [ext, SEMICOLON])),
};

const BY_NAME: Record<string, CommentStyle> = {
  dockerfile: HASH,
  makefile: HASH,
  '.env': HASH,
  '.npmrc': HASH,
  '.netrc': HASH,
  '.bashrc': HASH,
  '.zshrc': HASH,
  '.profile': HASH,
  'pre-commit': HASH,
};

function styleFor(path: string): CommentStyle | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const byName = BY_NAME[name] ?? (name.startsWith('.env') ? HASH : undefined);
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? BY_EXTENSION[name.slice(dot + 1)] : undefined;
}

/** Whether a finding in `path` can be allowed with an inline comment. */
export function canMarkInline(path: string): boolean {
  return styleFor(path) !== undefined;
}

/**
 * `line` with the marker appended in a comment (its line ending kept), or
 * undefined when the file type takes no comment. A line already marked is returned as it is.
 */
export function markLine(path: string, line: string): string | undefined {
  const style = styleFor(path);
  if (!style) return undefined;
  if (INLINE_ALLOW.test(line)) return line;
  const ending = /\r$/.test(line) ? '\r' : '';
  const body = ending ? line.slice(0, -1) : line;
  const [open, close] = style;
  const separator = body.trim() === '' ? '' : ' ';
  return `${body.replace(/[ \t]+$/, '')}${separator}${open} ${MARKER}${close}${ending}`;
}
