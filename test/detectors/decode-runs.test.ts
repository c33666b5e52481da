import { describe, expect, it } from 'vitest';
import { encodedRuns } from '../../src/detectors/decode.js';
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
