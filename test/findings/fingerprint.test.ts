/**
 * The two ways of computing a fingerprint, on this thread (`fingerprint`) and on
 * libuv's thread pool (`fingerprintAsync`), give the same bytes, the ones leakgate
 * has always written: fingerprints are committed, so none may change.
 */
import crypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as FingerprintModule from '../../src/findings/fingerprint.js';
import { watchScrypt } from '../helpers/scrypt.js';
import { randomBase62 } from '../helpers/secrets.js';

/** A new instance of the module, with an empty cache: each call below really hashes. */
async function fresh(): Promise<typeof FingerprintModule> {
  vi.resetModules();
  return import('../../src/findings/fingerprint.js');
}

// Values written by leakgate before fingerprints could be computed off the main thread.
const CASES: readonly { name: string; ruleId: string; path: string; secret: string; kind: 'secret' | 'name'; print: string }[] = [
  { name: 'a guessable secret', ruleId: 'generic-password', path: 'config/db.yaml', secret: 'mydbpass123', kind: 'secret', print: 'lg2:238ae85579b6ce56cc8f22bd8fa1ca54' }, // leakgate:allow (test input)
  { name: 'another guessable secret', ruleId: 'generic-password', path: 'config/db.yaml', secret: 'hunter2024', kind: 'secret', print: 'lg2:c1bce264d3882a24f00d98863fc45651' }, // leakgate:allow (test input)
  { name: 'the same secret under another path', ruleId: 'generic-password', path: 'other/db.yaml', secret: 'mydbpass123', kind: 'secret', print: 'lg2:ed15e67b9f50e5091e81e827408e1df3' }, // leakgate:allow (test input)
  { name: 'a random secret', ruleId: 'generic-secret', path: 'app/keys.ts', secret: randomBase62(40, 11), kind: 'secret', print: 'lg2:f36783dab2dabeab4a4e131fdc6f2d03' },
  { name: 'a policy finding (an object name)', ruleId: 'k8s-inline-secret', path: 'k8s/secret.yaml', secret: 'Secret/db', kind: 'name', print: 'lg2:cbdabfbdd3c978ddf55100cb7ff62ceb' },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fingerprintAsync', () => {
  it.each(CASES)('gives the same fingerprint as fingerprint for $name', async ({ ruleId, path, secret, kind, print }) => {
    const sync = (await fresh()).fingerprint(ruleId, path, secret, kind);
    const async = await (await fresh()).fingerprintAsync(ruleId, path, secret, kind);
    expect(async).toBe(sync);
    expect(async).toBe(print);
  });

  it('uses scrypt on the thread pool for a guessable secret, and the fast hash otherwise', async () => {
    const module = await fresh();
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const scryptSync = vi.spyOn(crypto, 'scryptSync');
    for (const { ruleId, path, secret, kind, print } of CASES) expect(await module.fingerprintAsync(ruleId, path, secret, kind)).toBe(print);
    // The three guessable cases; the random secret and the object name take SHA-256.
    expect(scrypt).toHaveBeenCalledTimes(3);
    expect(scryptSync).not.toHaveBeenCalled();
  });

  it('hashes a secret once however many ask, at once or later, and either way', async () => {
    const module = await fresh();
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const scryptSync = vi.spyOn(crypto, 'scryptSync');
    const { ruleId, path, secret, print } = CASES[0]!;
    const answers = await Promise.all([module.fingerprintAsync(ruleId, path, secret), module.fingerprintAsync(ruleId, path, secret)]);
    expect(answers).toEqual([print, print]);
    expect(await module.fingerprintAsync(ruleId, path, secret)).toBe(print);
    expect(module.fingerprint(ruleId, path, secret)).toBe(print);
    expect(module.quickFingerprint(ruleId, path, secret)).toBe(print);
    expect(scrypt).toHaveBeenCalledTimes(1);
    expect(scryptSync).not.toHaveBeenCalled();
  });

  it('knows no quick fingerprint for a guessable secret not hashed yet', async () => {
    const module = await fresh();
    const { ruleId, path, secret } = CASES[1]!;
    expect(module.quickFingerprint(ruleId, path, secret)).toBeUndefined();
    const random = CASES[3]!;
    expect(module.quickFingerprint(random.ruleId, random.path, random.secret)).toBe(random.print);
  });

  it('leaves a core to a scan while it reads, and hashes on every core (at most two) once it has read', async () => {
    const module = await fresh();
    const scrypt = watchScrypt();
    // Memory leaves room for two (the next test takes it away).
    vi.spyOn(process.memoryUsage, 'rss').mockReturnValue(100 * 1024 * 1024);
    const cores = availableParallelism();
    const doneReading = module.readingInput();
    const secrets = ['pine-cone-17', 'river-stone-28', 'maple-leaf-39', 'cedar-bark-40', 'birch-wood-51']; // leakgate:allow (test input)
    const prints = secrets.map((secret) => module.fingerprintAsync('generic-password', 'queue.env', secret));
    await prints[0];
    expect(scrypt.most()).toBe(Math.min(2, Math.max(1, cores - 1)));
    scrypt.reset();
    doneReading();
    // Called twice: the second call changes nothing.
    doneReading();
    await Promise.all(prints);
    expect(scrypt.most()).toBe(Math.min(2, cores));
    expect(scrypt.running()).toBe(0);
    for (const [i, secret] of secrets.entries()) expect(await prints[i]).toBe(module.fingerprint('generic-password', 'queue.env', secret));
  });

  it('runs one at a time when memory leaves no room for another beside it', async () => {
    const module = await fresh();
    const scrypt = watchScrypt();
    // 200 MiB resident: a second (64 MiB, and the running one counted in full) would pass 272 MiB.
    vi.spyOn(process.memoryUsage, 'rss').mockReturnValue(200 * 1024 * 1024);
    const secrets = ['spruce-hill-62', 'aspen-vale-73', 'alder-brook-84']; // leakgate:allow (test input)
    const prints = await Promise.all(secrets.map((secret) => module.fingerprintAsync('generic-password', 'tight.env', secret)));
    expect(scrypt.most()).toBe(1);
    expect(prints).toEqual(secrets.map((secret) => module.fingerprint('generic-password', 'tight.env', secret)));
  });

  it('rejects when scrypt fails', async () => {
    const module = await fresh();
    vi.spyOn(crypto, 'scrypt').mockImplementation(((...args: unknown[]) => {
      const done = args.at(-1) as (error: Error | null, key?: Buffer) => void;
      setImmediate(() => done(new Error('scrypt: out of memory')));
    }) as typeof crypto.scrypt);
    const { ruleId, path, secret } = CASES[0]!;
    await expect(module.fingerprintAsync(ruleId, path, secret)).rejects.toThrow('scrypt: out of memory');
    // Nothing wrong is remembered: the next call hashes again.
    vi.restoreAllMocks();
    expect(await module.fingerprintAsync(ruleId, path, secret)).toBe(CASES[0]!.print);
  });
});
