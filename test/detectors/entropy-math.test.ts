import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { shannonEntropy } from '../../src/detectors/entropy-math.js';

// The `shannon-entropy` package is the reference: slow (an object per character,
// a callback), but independent of our implementation.
const require = createRequire(import.meta.url);
const reference = require('shannon-entropy') as {
  calculateEntropy(items: object[], columns: string[], done: (result: Record<string, number>) => void): void;
};

function referenceEntropy(text: string): number {
  let value = Number.NaN;
  reference.calculateEntropy([...text].map((c) => ({ c })), ['c'], (result) => (value = result.c!));
  return value;
}

describe('shannonEntropy', () => {
  it.each([
    'a',
    'aaaaaaaa',
    'abababab',
    'password',
    'mydbpass123',
    '0123456789abcdef',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9s1k2q3',
    'Zx8kP2mQ9vL4nR7tYb3W',
    '4f9a8c7e6d5b4a3f2e1d0c9b8a7f6e5d4c3b2a19',
  ])('matches the reference implementation on %j', (text) => {
    expect(shannonEntropy(text)).toBeCloseTo(referenceEntropy(text), 10);
  });

  it('is 0 for empty text and log2(n) for n distinct characters', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('abcd')).toBeCloseTo(2, 12);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4, 12);
  });

  it('leaves no state behind between calls', () => {
    const first = shannonEntropy('aab');
    shannonEntropy('zzzzzzzzzzzzzzz');
    expect(shannonEntropy('aab')).toBe(first);
  });
});
