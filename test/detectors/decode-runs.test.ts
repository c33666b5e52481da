import { describe, expect, it } from 'vitest';
import { encodedRuns, percentRuns } from '../../src/detectors/decode.js';
import { randomBase62 } from '../helpers/secrets.js';

// The regex the scanner replaced, kept as its oracle: same runs, same offsets. A run
// may follow `=` (`NAME=<base64>`); it may not follow `%` or run into a third `=`.
const ORACLE = /(?<![A-Za-z0-9+/_%-])[A-Za-z0-9+/_-]{40,}={0,2}(?![A-Za-z0-9+/_%=-])/g;

describe('encodedRuns', () => {
  it('finds exactly what the regex finds, on text built to hit every boundary', () => {
    const pieces = ['', ' ', '=', '==', '===', '%', '%2F', '"', '\n', 'é', '+/', '-_'];
    for (let seed = 1; seed <= 400; seed++) {
      let text = '';
      for (let part = 0; part < 6; part++) {
        text += pieces[(seed * 7 + part * 13) % pieces.length];
        text += randomBase62(((seed + part) * 11) % 70, seed * 31 + part);
      }
      const expected = [...text.matchAll(ORACLE)].map((m) => [m.index, m[0]]);
      expect([...encodedRuns(text)].map((r) => [r.index, r.value]), text).toEqual(expected);
    }
  });
});

// The percent-encoded runs' regex, replaced the same way: escapes count as one
// character, and only runs that hold an escape are candidates.
const PERCENT_ORACLE = /(?<![A-Za-z0-9._~+%-])(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-]){24,}(?![A-Za-z0-9._~+%-])/g;

describe('percentRuns', () => {
  it('finds exactly what the regex finds, on text built to hit every boundary', () => {
    const pieces = ['', ' ', '%', '%2', '%2F', '%zz', '%%41', '.~', '=', '/', '"', '\n', 'é', '+-', '%E2%82%AC'];
    let compared = 0;
    for (let seed = 1; seed <= 600; seed++) {
      let text = '';
      for (let part = 0; part < 7; part++) {
        text += pieces[(seed * 7 + part * 13) % pieces.length];
        text += randomBase62(((seed + part) * 11) % 34, seed * 31 + part);
        text += pieces[(seed * 5 + part * 3) % pieces.length];
      }
      const expected = [...text.matchAll(PERCENT_ORACLE)].filter((m) => m[0].includes('%')).map((m) => [m.index, m[0]]);
      compared += expected.length;
      expect(percentRuns(text).map((r) => [r.index, r.value]), text).toEqual(expected);
    }
    // The texts do hold runs (not only texts where both find nothing).
    expect(compared).toBeGreaterThan(100);
  });

  it('takes escapes as one character each, and no run without one', () => {
    expect(percentRuns(`a=${'%41'.repeat(24)}&b`)).toEqual([{ index: 2, value: '%41'.repeat(24) }]);
    expect(percentRuns(`a=${'%41'.repeat(23)}&b`)).toEqual([]);
    expect(percentRuns(`${'x'.repeat(30)} %`)).toEqual([]);
    // A `%` that starts no escape spoils its whole run.
    expect(percentRuns(`${'%41'.repeat(30)}%4`)).toEqual([]);
  });
});
