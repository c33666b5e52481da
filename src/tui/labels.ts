/** Words the review screen uses for decisions and severities (pure). */
import { printable } from '../printable.js';
import type { Decision } from './review-state.js';
import type { Severity } from '../types.js';

export function decisionLabel(decision: Decision): string {
  switch (decision.kind) {
    case 'ignore':
      return `allowlisted by fingerprint: "${printable(decision.reason)}"`;
    case 'allow-path':
      return `files matching ${printable(decision.glob)} are not scanned`;
    case 'rule-path':
      return `rule off for ${printable(decision.glob)}`;
    case 'inline':
      return 'leakgate:allow added on the line';
    case 'skip':
      return 'skipped: let through this time, nothing recorded';
  }
}

export const SEVERITY_COLOR: Record<Severity, string> = { critical: 'red', high: 'red', medium: 'yellow', low: 'cyan' };

/** Ink `Text` props for a colour, or none when colour is off (NO_COLOR, --no-color). */
export function tint(color: boolean, name: string): { color?: string } {
  return color ? { color: name } : {};
}

/**
 * `path` in at most `max` characters, shortened in the middle: the start of the
 * path and the whole file name stay, so rows for files in deep directories still
 * tell the files apart. A file name longer than the room keeps its end.
 */
export function shortenPath(path: string, max: number): string {
  const chars = [...path];
  if (chars.length <= max) return path;
  const slash = path.lastIndexOf('/');
  const name = [...path.slice(slash + 1)];
  if (slash < 0 || name.length + 2 > max) return `…${name.slice(-(max - 1)).join('')}`;
  const head = chars.slice(0, max - name.length - 2).join('');
  return `${head}…/${name.join('')}`;
}
