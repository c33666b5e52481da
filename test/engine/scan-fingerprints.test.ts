/**
 * `scan` (staged, files) fingerprints guessable secrets off the main thread and
 * settles them before its result leaves: every finding carries its real
 * fingerprint, the one `fingerprint` gives on this thread, and scrypt runs for
 * several of them at once rather than one after another.
 */
import crypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprint, FINGERPRINT_PATTERN } from '../../src/findings/fingerprint.js';
import { scanFragments } from '../helpers/engine.js';
import { watchScrypt } from '../helpers/scrypt.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('scan and the fingerprints of guessable secrets', () => {
  it('reports each with its real fingerprint, computed side by side', async () => {
    const scrypt = watchScrypt();
    const scryptSync = vi.spyOn(crypto, 'scryptSync');
    // Memory leaves room for two at once (`fingerprint.ts` counts it before starting a second).
    vi.spyOn(process.memoryUsage, 'rss').mockReturnValue(100 * 1024 * 1024);
    // Hand-written passwords, each its own (the process-wide cache has not seen them).
    const passwords = ['lantern-oak-71', 'harbor-mist-82', 'copper-fern-93', 'meadow-gale-14']; // leakgate:allow (test input)
    const text = passwords.map((value, i) => `DB${i}_PASSWORD=${value}\n`).join('');
    const result = await scanFragments([{ path: 'deploy/app.env', text }]);
    expect(result.findings.map((f) => [f.line, f.ruleId])).toEqual(passwords.map((_, i) => [i + 1, 'generic-password']));
    for (const [i, finding] of result.findings.entries()) {
      expect(finding.fingerprint).toMatch(FINGERPRINT_PATTERN);
      expect(finding.fingerprint).toBe(fingerprint('generic-password', 'deploy/app.env', passwords[i]!));
    }
    expect(scrypt.spy).toHaveBeenCalledTimes(passwords.length);
    expect(scryptSync).not.toHaveBeenCalled();
    expect(scrypt.most()).toBe(Math.min(2, availableParallelism()));
  });

  it('fails the scan when a fingerprint cannot be computed, never reporting without one', async () => {
    vi.spyOn(crypto, 'scrypt').mockImplementation(((...args: unknown[]) => {
      const done = args.at(-1) as (error: Error | null) => void;
      setImmediate(() => done(new Error('scrypt: out of memory')));
    }) as typeof crypto.scrypt);
    await expect(scanFragments([{ path: 'deploy/app.env', text: 'DB_PASSWORD=willow-creek-25\n' }])).rejects.toThrow('scrypt: out of memory'); // leakgate:allow (test input)
  });
});
