/**
 * Synthetic secrets for tests, made at run time so that no token-shaped string
 * sits in the test sources. None was ever issued by a provider.
 */
import { base62, crc32 } from '../../src/patterns/checksum.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Deterministic pseudo-random base62 text (so failures reproduce). */
export function randomBase62(length: number, seed: number): string {
  let state = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += ALPHABET[(state >>> 0) % 62];
  }
  return out;
}

/** A GitHub classic PAT with a valid CRC-32 checksum. */
export function githubToken(seed = 1, prefix = 'ghp_'): string {
  const body = randomBase62(30, seed);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** A password-like value: long, mixed, high entropy. */
export function password(seed = 7): string {
  return `${randomBase62(10, seed)}#${randomBase62(6, seed + 1)}!`;
}
