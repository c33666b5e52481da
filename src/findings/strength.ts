/**
 * How hard a secret is to guess, estimated conservatively: the part of it that
 * looks random. Two decisions rest on it: whether a fingerprint may use a fast
 * hash (`fingerprint.ts`), and whether a mask may show a secret's ends
 * (`redact.ts`). Both err towards "guessable".
 */
import { shannonEntropy } from '../detectors/entropy-math.js';

/**
 * At or above this many bits a secret counts as random: guessing it means
 * searching at least 2^128 values, out of reach whatever the hash. Below it a
 * secret may be a PIN, a word with a year, a passphrase: it gets the slow path.
 */
export const RANDOM_SECRET_MIN_BITS = 128;

/**
 * Runs that read like words (`sunshine`, `Password`, `ADMIN`): an attacker
 * guesses them from a dictionary, so they count for nothing. Random base62 text
 * holds few such runs; a word with a year is little else.
 */
const WORD_LIKE = /[A-Z]?[a-z]{4,}|[A-Z]{4,}/g;

/**
 * Estimated bits of `secret` an attacker must guess: the length of what is left
 * once word-like runs are removed, times its Shannon entropy per character. For
 * structured text this is an overestimate of nothing in particular, so it is used
 * only as a floor test against `RANDOM_SECRET_MIN_BITS`.
 */
export function guessableBits(secret: string): number {
  const rest = secret.replace(WORD_LIKE, '');
  return rest.length * shannonEntropy(rest);
}

/** Whether `secret` counts as random (see `RANDOM_SECRET_MIN_BITS`). */
export function isRandomSecret(secret: string): boolean {
  return guessableBits(secret) >= RANDOM_SECRET_MIN_BITS;
}
