import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/allowlist/config.js';
import { Allowlist } from '../../src/allowlist/match.js';
import { dedupeOverlapping } from '../../src/findings/dedupe.js';
import { createHash, scryptSync } from 'node:crypto';
import { FINGERPRINT_SCRYPT, fingerprint, legacyFingerprint } from '../../src/findings/fingerprint.js';
import { guessableBits, RANDOM_SECRET_MIN_BITS } from '../../src/findings/strength.js';
import { randomBase62 } from '../helpers/secrets.js';
import { processFindings } from '../../src/findings/pipeline.js';
import { redact } from '../../src/findings/redact.js';
import type { RawFinding } from '../../src/types.js';

const PIN_PRINT = 'lg2:9600f465a9a20c8c3cee00f384b94761';
const RANDOM_PRINT = 'lg2:aa5203d0aeacffc924f925472200f8c4';

const raw = (over: Partial<RawFinding> & Pick<RawFinding, 'start' | 'end'>): RawFinding => ({
  ruleId: 'github-pat',
  title: 'GitHub token',
  severity: 'high',
  confidence: 'high',
  secret: 'x',
  ...over,
});

describe('redact', () => {
  const random = randomBase62(40, 4);
  it.each([
    ['abc', '********'],
    ['mydbpass123', '********'],
    ['123456', '********'],
    ['sunshine2024', '********'],
    // Long but not random: a passphrase, a repeated character, words run together.
    ['correct horse battery staple mango tree', '********'],
    ['a'.repeat(200), '********'],
    ['supercalifragilisticexpialidocious2024', '********'],
    // Random and long: four characters at each end.
    [random, `${random.slice(0, 4)}…${random.slice(-4)}`],
  ])('%s → %s', (secret, shown) => {
    expect(redact(secret)).toBe(shown);
  });

  it('has a fixed width whatever the length, and never shows more than a quarter of the secret', () => {
    for (let length = 1; length <= 80; length++) {
      for (const secret of ['x'.repeat(length), randomBase62(length, length)]) {
        const shown = redact(secret);
        expect([8, 9]).toContain(shown.length);
        expect(shown.replace(/[…*]/g, '').length).toBeLessThanOrEqual(length / 4);
      }
    }
  });
});

describe('fingerprint', () => {
  it('depends on rule, path and secret, and nothing else', () => {
    for (const secret of ['123456', randomBase62(40, 9)]) {
      const base = fingerprint('github-pat', 'a.ts', secret);
      expect(base).toMatch(/^lg2:[0-9a-f]{32}$/);
      expect(fingerprint('github-pat', 'a.ts', secret)).toBe(base);
      expect(fingerprint('npm-token', 'a.ts', secret)).not.toBe(base);
      expect(fingerprint('github-pat', 'b.ts', secret)).not.toBe(base);
      expect(fingerprint('github-pat', 'a.ts', `${secret}1`)).not.toBe(base);
    }
  });

  it('is the same on every machine: fixed values for a guessable and a random secret', () => {
    // Changing these breaks every ignore list and baseline written since lg2.
    expect(fingerprint('generic-password', 'config/.env', '123456')).toBe(PIN_PRINT);
    expect(fingerprint('github-pat', 'src/a.ts', 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')).toBe(RANDOM_PRINT);
  });

  it('hashes a guessable secret the slow way (scrypt with the documented parameters), a random one with SHA-256', () => {
    const salt = 'leakgate-lg2-scrypt\0generic-password\0config/.env';
    const slow = scryptSync('123456', salt, 16, { ...FINGERPRINT_SCRYPT, maxmem: 128 * 1024 * 1024 }).toString('hex');
    expect(fingerprint('generic-password', 'config/.env', '123456')).toBe(`lg2:${slow}`);
    expect(128 * FINGERPRINT_SCRYPT.r * FINGERPRINT_SCRYPT.N).toBe(64 * 1024 * 1024);
    const token = randomBase62(40, 9);
    const fast = createHash('sha256').update(`leakgate-lg2-random\0github-pat\0a.ts\0${token}`).digest('hex').slice(0, 32);
    expect(fingerprint('github-pat', 'a.ts', token)).toBe(`lg2:${fast}`);
  });

  it('keeps the lg1 form for reading old entries', () => {
    expect(legacyFingerprint('github-pat', 'a.ts', 'S')).toBe(
      `lg1:${createHash('sha256').update('github-pat\0a.ts\0S').digest('hex').slice(0, 32)}`,
    );
  });
});

describe('guessableBits', () => {
  it.each([
    ['123456', false],
    ['sunshine2024', false],
    ['Sunshine2024!', false],
    ['C0rrectH0rseBatterySt4ple!', false],
    ['correct horse battery staple mango tree', false],
    ['supercalifragilisticexpialidocious2024', false],
    ['AKIAIOSFODNN7EXAMPLE', false],
    [randomBase62(24, 3), false],
    [randomBase62(40, 4), true],
    [randomBase62(64, 5), true],
  ])('%s random: %s', (secret, random) => {
    expect(guessableBits(secret) >= RANDOM_SECRET_MIN_BITS).toBe(random);
  });
});

describe('dedupeOverlapping', () => {
  it('keeps one finding per place, preferring a named format over a generic rule', () => {
    const kept = dedupeOverlapping([
      raw({ ruleId: 'generic-secret', severity: 'medium', confidence: 'low', start: 10, end: 50 }),
      raw({ ruleId: 'github-pat', start: 10, end: 50 }),
      raw({ ruleId: 'github-pat', start: 60, end: 100 }),
    ]);
    expect(kept.map((f) => [f.ruleId, f.start])).toEqual([
      ['github-pat', 10],
      ['github-pat', 60],
    ]);
  });
});

describe('processFindings', () => {
  const secret = 'SECRETVALUE0123456789'; // leakgate:allow (test input)
  const fragment = {
    path: 'src/a.ts',
    text: `one\nconst a = "${secret}"; // and again ${secret}\nthree`,
    lineNumbers: [10, 12, 15],
  };
  const start = fragment.text.indexOf(secret);
  const found = [raw({ start, end: start + secret.length, secret })];

  it('locates findings at file lines, redacts the secret everywhere in the context', () => {
    const [finding] = processFindings(fragment, found, { allowlist: new Allowlist(EMPTY_CONFIG), redact: true }).findings;
    expect(finding).toMatchObject({
      file: 'src/a.ts',
      line: 12,
      column: 12,
      endLine: 12,
      endColumn: 12 + secret.length,
      secret: '********',
      context: 'const a = "********"; // and again ********',
      fingerprint: fingerprint('github-pat', 'src/a.ts', secret),
    });
  });

  it('shows the secret only when redaction is off', () => {
    const [finding] = processFindings(fragment, found, { allowlist: new Allowlist(EMPTY_CONFIG), redact: false }).findings;
    expect(finding!.secret).toBe(secret);
  });

  it('drops findings on a line marked leakgate:allow', () => {
    const allowed = { ...fragment, text: fragment.text.replace('// and again', '// leakgate:allow') };
    expect(processFindings(allowed, found, { allowlist: new Allowlist(EMPTY_CONFIG), redact: true }).findings).toEqual([]);
  });
});
