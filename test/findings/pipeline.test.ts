import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/allowlist/config.js';
import { Allowlist } from '../../src/allowlist/match.js';
import { dedupeOverlapping } from '../../src/findings/dedupe.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { processFindings } from '../../src/findings/pipeline.js';
import { redact } from '../../src/findings/redact.js';
import type { RawFinding } from '../../src/types.js';

const raw = (over: Partial<RawFinding> & Pick<RawFinding, 'start' | 'end'>): RawFinding => ({
  ruleId: 'github-pat',
  title: 'GitHub token',
  severity: 'high',
  confidence: 'high',
  secret: 'x',
  ...over,
});

describe('redact', () => {
  it.each([
    ['abc', '***'],
    ['mydbpass123', 'm…3'],
    ['0123456789abcdefghijklmnopqrstuv', '0123…stuv'],
    ['a'.repeat(200), 'aaaa…aaaa'],
  ])('%s → %s', (secret, shown) => {
    expect(redact(secret)).toBe(shown);
  });

  it('never shows more than a quarter of the secret', () => {
    for (let length = 1; length <= 64; length++) {
      const secret = 'x'.repeat(length);
      const visible = redact(secret).replace(/[…*]/g, '').length;
      expect(visible).toBeLessThanOrEqual(length / 4);
    }
  });
});

describe('fingerprint', () => {
  it('depends on rule, path and secret, and nothing else', () => {
    const base = fingerprint('github-pat', 'a.ts', 'S');
    expect(base).toMatch(/^lg1:[0-9a-f]{32}$/);
    expect(fingerprint('github-pat', 'a.ts', 'S')).toBe(base);
    expect(fingerprint('npm-token', 'a.ts', 'S')).not.toBe(base);
    expect(fingerprint('github-pat', 'b.ts', 'S')).not.toBe(base);
    expect(fingerprint('github-pat', 'a.ts', 'T')).not.toBe(base);
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
      secret: 'SE…89',
      context: 'const a = "SE…89"; // and again SE…89',
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
