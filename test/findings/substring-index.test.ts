import { describe, expect, it } from 'vitest';
import { dedupeOverlapping } from '../../src/findings/dedupe.js';
import { SubstringIndex } from '../../src/findings/substring-index.js';
import type { RawFinding } from '../../src/types.js';

describe('SubstringIndex', () => {
  const index = (strings: readonly string[]): SubstringIndex<string> => {
    const built = new SubstringIndex<string>();
    for (const text of strings) built.add(text, text);
    return built;
  };

  it('finds every added string that occurs, overlapping and nested ones included, in the order added', () => {
    const strings = ['she', 'he', 'hers', 'his', 'ushers', 'é€😀x', 'abcd'];
    const built = index(strings);
    expect(built.occurringIn('ushers')).toEqual(['she', 'he', 'hers', 'ushers']);
    expect(built.occurringIn('a his é€😀x abc')).toEqual(['his', 'é€😀x']);
    expect(built.occurringIn('HERS abc')).toEqual([]);
    expect(built.occurringIn('')).toEqual([]);
  });

  it('gives what trying each string with includes() gives, on random strings over a small alphabet', () => {
    let seed = 7;
    const random = (length: number): string =>
      Array.from({ length }, () => 'abc'[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % 3]).join('');
    const strings = Array.from({ length: 60 }, (_, i) => random(2 + (i % 6)));
    const built = index(strings);
    for (let i = 0; i < 200; i++) {
      const text = random(30);
      expect(built.occurringIn(text)).toEqual([...new Set(strings.filter((s) => text.includes(s)))]);
    }
  });
});

describe('dedupeOverlapping keeps one finding per overlapping span', () => {
  const finding = (ruleId: string, start: number, end: number, confidence: RawFinding['confidence'] = 'high'): RawFinding => ({
    ruleId,
    title: ruleId,
    severity: 'high',
    confidence,
    start,
    end,
    secret: 'x'.repeat(end - start),
  });

  it('chooses between overlapping spans and keeps the others, in order', () => {
    const kept = dedupeOverlapping([
      finding('generic-secret', 30, 40),
      finding('github-pat', 0, 10),
      finding('generic-secret', 5, 12, 'low'),
      finding('aws-access-key-id', 20, 25),
      finding('generic-password', 22, 28),
      finding('generic-secret', 50, 60),
    ]);
    expect(kept.map((f) => `${f.ruleId}:${f.start}-${f.end}`)).toEqual(['github-pat:0-10', 'aws-access-key-id:20-25', 'generic-secret:30-40', 'generic-secret:50-60']);
  });

  it('gives the same result as comparing each finding with every kept one, on many random spans', () => {
    let seed = 11;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const rules = ['github-pat', 'generic-secret', 'slack-bot-token'];
    const confidences = ['high', 'medium', 'low'] as const;
    for (let round = 0; round < 50; round++) {
      const spans = Array.from({ length: 40 }, () => {
        const start = next(200);
        return finding(rules[next(3)]!, start, start + 1 + next(12), confidences[next(3)]);
      });
      expect(dedupeOverlapping(spans)).toEqual(reference(spans));
    }
  });
});

/** The definition: each finding, in start order, replaces the first kept one it overlaps when better. */
function reference(findings: readonly RawFinding[]): RawFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawFinding[] = [];
  for (const f of sorted) {
    const i = kept.findIndex((other) => f.start < other.end && other.start < f.end);
    if (i < 0) kept.push(f);
    else {
      const chosen = dedupeOverlapping([kept[i]!, f]);
      kept[i] = chosen[0]!;
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}
