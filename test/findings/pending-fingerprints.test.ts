import { describe, expect, it } from 'vitest';
import { FINGERPRINT_PATTERN, fingerprint } from '../../src/findings/fingerprint.js';
import { HistoryFindings } from '../../src/findings/first-commit.js';
import { isProvisional, PendingFingerprints, PROVISIONAL_PREFIX } from '../../src/findings/pending-fingerprints.js';
import type { Finding } from '../../src/types.js';
import { randomBase62 } from '../helpers/secrets.js';

// Guessable secrets (each test its own, so the process-wide cache has not seen them).
const PIN = '482913'; // leakgate:allow (test input)
const WORD = 'autumn2019'; // leakgate:allow (test input)

function occurrence(file: string, commitIndex: number, secret: string, print: string) {
  const finding: Finding = {
    ruleId: 'generic-password',
    title: 'Test',
    severity: 'high',
    confidence: 'high',
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 10,
    secret: 'redacted',
    context: '',
    fingerprint: print,
    commit: { commit: `c${commitIndex}`, author: 'A', email: 'a@example.com', date: '2024-01-01', message: `m${commitIndex}` },
  };
  return { finding, secret, commitIndex };
}

describe('PendingFingerprints', () => {
  it('answers a guessable secret with a provisional id at once, and settles it to the real fingerprint', async () => {
    const prints = new PendingFingerprints();
    const id = prints.fingerprint('generic-password', 'a.env', PIN, 'secret');
    expect(isProvisional(id)).toBe(true);
    expect(id.startsWith(PROVISIONAL_PREFIX)).toBe(true);
    expect(id).not.toMatch(FINGERPRINT_PATTERN);
    await prints.settled();
    expect(await prints.settle(id)).toBe(fingerprint('generic-password', 'a.env', PIN));
    // Known now: later findings of the same secret get the real one directly.
    expect(prints.fingerprint('generic-password', 'a.env', PIN, 'secret')).toBe(fingerprint('generic-password', 'a.env', PIN));
  });

  it('answers random secrets and object names with their real fingerprint', async () => {
    const prints = new PendingFingerprints();
    const random = randomBase62(40, 21);
    expect(prints.fingerprint('generic-secret', 'a.ts', random, 'secret')).toBe(fingerprint('generic-secret', 'a.ts', random));
    expect(prints.fingerprint('k8s-inline-secret', 'k.yaml', 'Secret/app', 'name')).toBe(fingerprint('k8s-inline-secret', 'k.yaml', 'Secret/app', 'name'));
    expect(prints.size).toBe(0);
    expect(await prints.settle(fingerprint('generic-secret', 'a.ts', random))).toBe(fingerprint('generic-secret', 'a.ts', random));
  });

  it('gives one id per (kind, rule, path, secret), never one for two of them', async () => {
    const prints = new PendingFingerprints(async (ruleId, path, secret, kind) => `lg2:${[kind, ruleId, path, secret].join('|')}`);
    const ids = [
      prints.fingerprint('generic-password', 'a.env', WORD, 'secret'),
      prints.fingerprint('generic-secret', 'a.env', WORD, 'secret'),
      prints.fingerprint('generic-password', 'b.env', WORD, 'secret'),
      prints.fingerprint('generic-password', 'a.env', `${WORD}x`, 'secret'),
      // Two that a key joined with NUL would confuse.
      prints.fingerprint('generic-password', 'a.env\0b', WORD, 'secret'),
      prints.fingerprint('generic-password', 'a.env', `b\0${WORD}`, 'secret'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(prints.fingerprint('generic-password', 'a.env', WORD, 'secret')).toBe(ids[0]);
    expect(prints.size).toBe(ids.length);
    expect(await prints.settle(ids[0]!)).toBe(`lg2:secret|generic-password|a.env|${WORD}`);
    expect(await prints.settle(ids[3]!)).toBe(`lg2:secret|generic-password|a.env|${WORD}x`);
  });

  it('fails when scrypt fails, and for an id it did not give', async () => {
    const prints = new PendingFingerprints(() => Promise.reject(new Error('scrypt: out of memory')));
    const id = prints.fingerprint('generic-password', 'c.env', 'spring2020', 'secret'); // leakgate:allow (test input)
    await expect(prints.settled()).rejects.toThrow('scrypt: out of memory');
    await expect(prints.settle(id)).rejects.toThrow('scrypt: out of memory');
    await expect(new PendingFingerprints().settle(id)).rejects.toThrow('was not given by this scan');
  });
});

describe('HistoryFindings with fingerprints still being computed', () => {
  it('groups a secret whose fingerprint was provisional with later findings that had the real one, and reports the real one', async () => {
    const prints = new PendingFingerprints();
    const secret = 'summer2018'; // leakgate:allow (test input)
    const found = new HistoryFindings();
    const provisional = prints.fingerprint('generic-password', 'a.env', secret, 'secret');
    expect(isProvisional(provisional)).toBe(true);
    found.add(occurrence('a.env', 3, secret, provisional));
    await prints.settled();
    found.add(occurrence('a.env', 5, secret, prints.fingerprint('generic-password', 'a.env', secret, 'secret')));
    found.rename('a.env', 'b.env');
    found.add(occurrence('b.env', 1, secret, prints.fingerprint('generic-password', 'b.env', secret, 'secret')));
    const findings = await found.findings(prints);
    expect(findings.map((f) => `${f.commit?.commit} ${f.file} x${f.commits}`)).toEqual(['c1 b.env x3']);
    expect(findings[0]!.fingerprint).toBe(fingerprint('generic-password', 'b.env', secret));
    expect(findings[0]!.aliases).toEqual([fingerprint('generic-password', 'a.env', secret)]);
  });

  it('reports the real fingerprint of a first finding that had a provisional id', async () => {
    const prints = new PendingFingerprints();
    const secret = 'october1999'; // leakgate:allow (test input)
    const found = new HistoryFindings();
    found.add(occurrence('x.env', 2, secret, prints.fingerprint('generic-password', 'x.env', secret, 'secret')));
    const [finding] = await found.findings(prints);
    expect(finding!.fingerprint).toBe(fingerprint('generic-password', 'x.env', secret));
  });

  it('rejects when a fingerprint cannot be computed, even one no finding is reported with', async () => {
    const prints = new PendingFingerprints(() => Promise.reject(new Error('scrypt: out of memory')));
    const found = new HistoryFindings();
    prints.fingerprint('generic-password', 'unreported.env', 'march2021', 'secret'); // leakgate:allow (test input)
    found.add(occurrence('y.env', 1, randomBase62(40, 5), fingerprint('generic-password', 'y.env', randomBase62(40, 5))));
    await expect(found.findings(prints)).rejects.toThrow('scrypt: out of memory');
  });

  it('refuses a provisional id it cannot settle', async () => {
    const found = new HistoryFindings();
    found.add(occurrence('z.env', 1, 'december2002', `${PROVISIONAL_PREFIX}0`)); // leakgate:allow (test input)
    await expect(found.findings()).rejects.toThrow('was not given by this scan');
  });
});
