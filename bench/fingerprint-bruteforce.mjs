// How long it takes to recover a 6-digit PIN from a committed fingerprint, in the
// old form (lg1: unsalted SHA-256 of rule, path and secret) and in the new one
// (lg2: scrypt for secrets that do not count as random), on one core.
//
// lg1 is attacked for real: every PIN from 000000 up is hashed until one matches.
// lg2 is timed over a sample of guesses and the full search estimated as time per
// guess × 10^6 (the real search would take a day). The attacker is assumed to know
// everything but the PIN: the rule, the path, this code and its parameters.
//
// Also printed: the cost of one lg2 fingerprint as a scan pays it (slow path, and
// fast path for a random token), and the cost of a repeated secret (cached).
//
// Usage: npm run build && node bench/fingerprint-bruteforce.mjs [SAMPLE_GUESSES]
import { createHash, randomInt } from 'node:crypto';
import { FINGERPRINT_SCRYPT, fingerprint, legacyFingerprint } from '../dist/findings/fingerprint.js';
import { isRandomSecret } from '../dist/findings/strength.js';

const RULE = 'generic-password';
const PATH = 'config/.env';
const SPACE = 1_000_000;
const sample = Number(process.argv[2] ?? 10);

const pin = String(randomInt(SPACE)).padStart(6, '0');
const lg1 = legacyFingerprint(RULE, PATH, pin);
const lg2 = fingerprint(RULE, PATH, pin);
if (isRandomSecret(pin)) throw new Error('a PIN must not count as random');

// CPU time of this thread, in ms: on a shared machine it moves less than wall time.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// lg1: the real search, with nothing but node:crypto (what an attacker's first script would do).
let started = performance.now();
let cpuStarted = cpuMs();
let found;
for (let guess = 0; guess < SPACE; guess++) {
  const candidate = String(guess).padStart(6, '0');
  const digest = createHash('sha256').update(`${RULE}\0${PATH}\0${candidate}`).digest('hex').slice(0, 32);
  if (`lg1:${digest}` === lg1) {
    found = candidate;
    break;
  }
}
const lg1Seconds = (performance.now() - started) / 1000;
const lg1CpuSeconds = (cpuMs() - cpuStarted) / 1000;
if (found !== pin) throw new Error('lg1 search failed');

// lg2: a sample of wrong guesses through the same function a scan uses (the cache is
// per secret, so each guess is a fresh scrypt), then the whole space estimated.
const guesses = [];
while (guesses.length < sample) {
  const candidate = String(randomInt(SPACE)).padStart(6, '0');
  if (candidate !== pin && !guesses.includes(candidate)) guesses.push(candidate);
}
started = performance.now();
cpuStarted = cpuMs();
for (const candidate of guesses) if (fingerprint(RULE, PATH, candidate) === lg2) throw new Error('unexpected match');
const perGuessMs = (performance.now() - started) / sample;
const perGuessCpuMs = (cpuMs() - cpuStarted) / sample;
const fullHours = (perGuessCpuMs * SPACE) / 1000 / 3600;

// What a scan pays per finding: a random token takes the fast path; a repeat is cached.
const randomToken = () => Array.from({ length: 40 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[randomInt(62)]).join('');
// About one random 40-character token in six counts as guessable (and is hashed the slow way): take one that does not.
let token = randomToken();
while (!isRandomSecret(token)) token = randomToken();
started = performance.now();
const fastRuns = 1000;
for (let i = 0; i < fastRuns; i++) fingerprint('github-pat', `src/f${i}.ts`, token);
const fastMs = (performance.now() - started) / fastRuns;
started = performance.now();
for (let i = 0; i < 1000; i++) fingerprint(RULE, PATH, guesses[0]);
const cachedMs = (performance.now() - started) / 1000;

const { N, r, p } = FINGERPRINT_SCRYPT;
console.log(`scrypt N=2^${Math.log2(N)} r=${r} p=${p} (${(128 * r * N) / 2 ** 20} MiB per guess)`);
console.log(`lg1: PIN recovered in ${lg1Seconds.toFixed(2)} s wall, ${lg1CpuSeconds.toFixed(2)} s CPU (${found}, one core)`);
console.log(
  `lg2: ${perGuessCpuMs.toFixed(1)} ms CPU (${perGuessMs.toFixed(1)} ms wall) per guess over ${sample} guesses -> ` +
    `${fullHours.toFixed(1)} h CPU for all 10^6 PINs on one core (${(fullHours / 24).toFixed(2)} CPU-days; half that on average)`,
);
console.log(`per finding: ${perGuessCpuMs.toFixed(1)} ms CPU slow path (guessable secret), ${fastMs.toFixed(3)} ms fast path (random token), ${cachedMs.toFixed(4)} ms repeated (cached)`);
