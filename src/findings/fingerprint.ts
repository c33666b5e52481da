import { availableParallelism } from 'node:os';
import { nodeCrypto } from '../lazy-builtins.js';
import { isRandomSecret } from './strength.js';

/**
 * A finding's identity: rule, path and the secret itself, never the line, so an
 * allowlist entry survives code moving, and a different secret on the same line
 * is a different finding. Only a hash is ever stored, and it must not give the
 * secret back: fingerprints are committed (`.leakgate.yaml`, baselines) and
 * outlive a history rewrite that removed the secret.
 *
 * `lg2:` (written since leakgate 0.2): 32 hex digits of
 * - SHA-256 over a domain tag, rule, path and secret, for a secret that counts as
 *   random (`isRandomSecret`: at least 2^128 guesses, out of reach of any hash);
 * - scrypt of the secret, salted with rule and path, for every other secret (a
 *   PIN, a word with a year). The parameters make one guess cost about a fifth of
 *   a second and 64 MiB on one core: the million 6-digit PINs take more than a
 *   CPU-day, and the memory makes GPUs little faster. The salt is fixed by rule and
 *   path, so the fingerprint is the same on every machine and a team can share
 *   its ignore list; an attacker who knows the rule, the path and this code still
 *   pays the full price per guess, since a guess that counts as guessable is only
 *   ever hashed the slow way.
 *
 * `lg1:` (leakgate 0.1): unsalted SHA-256 of rule, path and secret. Still read
 * (`legacyFingerprint`), never written: `leakgate baseline` rewrites a baseline in
 * the new form, and the README says how to renew ignore entries.
 */
export const FINGERPRINT_VERSION = 'lg2';

/**
 * scrypt cost: N = 2^16, r = 8 (128 * r * N = 64 MiB), p = 1. A CPU-day for the
 * million 6-digit PINs needs at least 86 ms per guess on one core; these measured
 * about 200 ms of CPU per guess on a shared 2-core server
 * (bench/fingerprint-bruteforce.mjs): 2.3 CPU-days for all PINs, so even the
 * average search (half of them) takes more than a day. A scan pays the same price
 * once per guessable finding; N = 2^17 would double both. Changing them changes
 * every fingerprint.
 */
export const FINGERPRINT_SCRYPT = { N: 2 ** 16, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 128 * 1024 * 1024;

/** Fingerprints already computed in this process: a secret that history adds again is hashed once. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 100_000;

/** `kind` is `name` for a policy finding, whose "secret" names an object (`Secret/db`): a fast hash. */
export function fingerprint(ruleId: string, path: string, secret: string, kind: FingerprintKind = 'secret'): string {
  return quickFingerprint(ruleId, path, secret, kind) ?? remember(cacheKey(ruleId, path, secret, kind), slowDigest(ruleId, path, secret));
}

export type FingerprintKind = 'secret' | 'name';

/** The fingerprint when it costs no scrypt (known already, or a fast form); undefined when it would. */
export function quickFingerprint(ruleId: string, path: string, secret: string, kind: FingerprintKind = 'secret'): string | undefined {
  const key = cacheKey(ruleId, path, secret, kind);
  const known = cache.get(key);
  if (known !== undefined) return known;
  return kind === 'name' || isRandomSecret(secret) ? remember(key, fastDigest(ruleId, path, secret)) : undefined;
}

/**
 * The same fingerprint as `fingerprint`, with scrypt run on libuv's thread pool
 * rather than the calling thread: a history scan goes on reading `git log` while
 * its guessable secrets are hashed. Asked twice for one secret before the first
 * answer, it hashes once. (A `fingerprint` call meanwhile hashes it again, on its
 * own thread: it cannot wait; both give the same value.)
 */
export function fingerprintAsync(ruleId: string, path: string, secret: string, kind: FingerprintKind = 'secret'): Promise<string> {
  const quick = quickFingerprint(ruleId, path, secret, kind);
  if (quick !== undefined) return Promise.resolve(quick);
  const key = cacheKey(ruleId, path, secret, kind);
  let running = computing.get(key);
  if (!running) {
    running = slowDigestAsync(ruleId, path, secret)
      .then((digest) => remember(key, digest))
      .finally(() => computing.delete(key));
    computing.set(key, running);
  }
  return running;
}

/** Slow fingerprints being computed off this thread, by cache key. */
const computing = new Map<string, Promise<string>>();

/** One key per (kind, rule, path, secret), whatever characters they hold. */
export function cacheKey(ruleId: string, path: string, secret: string, kind: FingerprintKind): string {
  return JSON.stringify([kind, ruleId, path, secret]);
}

function remember(key: string, digest: string): string {
  const print = `${FINGERPRINT_VERSION}:${digest}`;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, print);
  return print;
}

function fastDigest(ruleId: string, path: string, secret: string): string {
  return nodeCrypto().createHash('sha256').update(`leakgate-lg2-random\0${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32);
}

function scryptSalt(ruleId: string, path: string): string {
  return `leakgate-lg2-scrypt\0${ruleId}\0${path}`;
}

function slowDigest(ruleId: string, path: string, secret: string): string {
  return nodeCrypto().scryptSync(secret, scryptSalt(ruleId, path), 16, { ...FINGERPRINT_SCRYPT, maxmem: SCRYPT_MAXMEM }).toString('hex');
}

/**
 * How many scrypt computations run at once on the thread pool. While a scan is
 * still reading (`readingInput`), a core is left to it: on 2 cores that is one,
 * the memory a scan used when it hashed on the main thread. Once every scan has
 * read its input, only fingerprints are left to wait for, and they take the
 * cores: measured on a 5,000-commit chart history, whose 24 guessable findings
 * queued up one behind the other and kept hashing for 2 s after `git log` had
 * ended with a core idle. At most two (64 MiB each) at any time: that leaves the
 * pool's other threads (4 unless `UV_THREADPOOL_SIZE` says otherwise) to file
 * I/O, and a second starts only while memory allows (`SCRYPT_MEMORY_CEILING`).
 */
function scryptAtOnce(): number {
  const cores = availableParallelism();
  return Math.min(2, Math.max(1, reading > 0 ? cores - 1 : cores));
}
let scrypting = 0;
let reading = 0;
const waitingForScrypt: (() => void)[] = [];

/**
 * Marks a scan as reading its input until the returned function is called (once;
 * later calls do nothing), so fingerprints leave it a core meanwhile.
 */
export function readingInput(): () => void {
  reading++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    reading--;
    wakeScrypt();
  };
}

/** Wakes as many waiters as may start now; each checks again before it starts. */
function wakeScrypt(): void {
  for (let free = scryptAtOnce() - scrypting; free > 0 && waitingForScrypt.length > 0; free--) waitingForScrypt.shift()?.();
}

/** What one scrypt computation holds while it runs (128 * r * N bytes). */
const SCRYPT_BYTES = 128 * FINGERPRINT_SCRYPT.r * FINGERPRINT_SCRYPT.N;
/**
 * Another scrypt starts beside a running one only while the process's resident
 * memory leaves room for it under this: a history scan is to stay under 300 MB
 * at its peak (what `npm run bench` measures), and the 28 MiB left over are for
 * what the scan allocates meanwhile. One always runs, whatever the memory.
 */
const SCRYPT_MEMORY_CEILING = 272 * 1024 * 1024;

function mayStartScrypt(): boolean {
  if (scrypting === 0) return true;
  // A running one may not have touched all of its memory yet: it counts in full beside what is
  // resident. (Counted as resident only, a chart history's scan peaked above 300 MB.)
  return scrypting < scryptAtOnce() && process.memoryUsage.rss() + (scrypting + 1) * SCRYPT_BYTES <= SCRYPT_MEMORY_CEILING;
}

async function slowDigestAsync(ruleId: string, path: string, secret: string): Promise<string> {
  while (!mayStartScrypt()) await new Promise<void>((resolve) => waitingForScrypt.push(resolve));
  scrypting++;
  try {
    return await new Promise<string>((resolve, reject) => {
      nodeCrypto().scrypt(secret, scryptSalt(ruleId, path), 16, { ...FINGERPRINT_SCRYPT, maxmem: SCRYPT_MAXMEM }, (error, key) =>
        error ? reject(error) : resolve(key.toString('hex')),
      );
    });
  } finally {
    scrypting--;
    wakeScrypt();
  }
}

/** The `lg1:` form, to match entries written by earlier versions. Kept in memory only; never written. */
export function legacyFingerprint(ruleId: string, path: string, secret: string): string {
  return `lg1:${nodeCrypto().createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32)}`;
}

/** The fingerprint forms leakgate reads: `lg1:` and `lg2:`, 32 hex digits. */
export const FINGERPRINT_PATTERN = /^lg[12]:[0-9a-f]{32}$/;
