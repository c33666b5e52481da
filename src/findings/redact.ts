/**
 * Redaction: the only form in which a secret leaves the pipeline by default.
 *
 * A mask has one of two fixed widths, whatever the secret's length (a mask that
 * grows with the secret tells an attacker how many characters to guess):
 * - a secret that counts as random (see `strength.ts`) and is long enough keeps
 *   four characters at each end, so a person can tell which key it is, and what
 *   stays hidden is still out of reach of guessing;
 * - every other secret shows nothing: `********`. A PIN or a password with one
 *   character shown at each end is a hundred times easier to guess.
 */
import { isRandomSecret } from './strength.js';

export const MASK = '…';
/** The mask of a secret that shows none of its characters. */
export const HIDDEN = '********';
/** Characters shown at each end of a random secret. */
const VISIBLE = 4;
/** A secret shows its ends only when it counts as random and is at least this long (so a quarter of it at most is shown). */
const MIN_SHOWN_LENGTH = VISIBLE * 8;

export function redact(secret: string): string {
  if (secret.length < MIN_SHOWN_LENGTH || !isRandomSecret(secret)) return HIDDEN;
  return `${secret.slice(0, VISIBLE)}${MASK}${secret.slice(-VISIBLE)}`;
}

/** `line` with every occurrence of `secret` replaced by `replacement`. */
export function maskIn(line: string, secret: string, replacement: string): string {
  return secret.length === 0 ? line : line.split(secret).join(replacement);
}

/** A secret to mask wherever it appears, in clear or as the text the detector found it in (its encoded form). */
export interface MaskTarget {
  readonly secret: string;
  /** The text of the finding's span, e.g. the base64 that decodes to `secret`. */
  readonly span: string;
}

/** Pieces shorter than this are masked only where a detector found them, not wherever they occur. */
const MIN_MASKED = 4;

/**
 * `text` with every occurrence of each target's secret and of its span text (each
 * line of them, for secrets spanning lines) replaced by the target's mask; the
 * longest first, so a secret is masked whole before any shorter piece of it.
 */
export function maskAll(text: string, targets: readonly MaskTarget[]): string {
  const pieces: [string, string][] = [];
  // Each piece once: a secret repeated on a line is one target per place (masked at the first).
  const seen = new Set<string>();
  for (const target of targets) {
    const shown = redact(target.secret);
    for (const whole of [target.secret, target.span]) {
      for (const part of whole.split('\n')) {
        if (part.length < MIN_MASKED || seen.has(part)) continue;
        seen.add(part);
        pieces.push([part, shown]);
      }
    }
  }
  pieces.sort((a, b) => b[0].length - a[0].length);
  let masked = text;
  for (const [part, shown] of pieces) masked = maskIn(masked, part, shown);
  return masked;
}
