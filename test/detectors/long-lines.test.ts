import { describe, expect, it } from 'vitest';
import { MAX_REACH, SEGMENT, SEGMENT_CONTEXT, SEGMENT_OVERLAP, segmentLongLines } from '../../src/detectors/long-lines.js';
import { scanFragments } from '../helpers/engine.js';
import { githubToken } from '../helpers/secrets.js';

describe('segmentLongLines', () => {
  it('leaves ordinary text alone', () => {
    const text = 'a\n'.repeat(100_000);
    expect(segmentLongLines(text)).toEqual({ text });
  });

  it('cuts a long line into segments that overlap, each piece a slice of the original', () => {
    const text = `short\n${'x'.repeat(SEGMENT * 2 + 10)}\nend`;
    const { text: out, pieces } = segmentLongLines(text);
    expect(pieces).toBeDefined();
    const lines = out.split('\n');
    expect(lines[0]).toBe('short');
    expect(lines.at(-1)).toBe('end');
    const segments = lines.slice(1, -1).map((l) => l.length);
    expect(segments.every((n) => n <= SEGMENT)).toBe(true);
    // Consecutive segments share SEGMENT_OVERLAP characters, so together they are longer than the line.
    expect(segments.reduce((a, b) => a + b, 0)).toBe(SEGMENT * 2 + 10 + (segments.length - 1) * SEGMENT_OVERLAP);
    for (const piece of pieces!) expect(out.slice(piece.at, piece.at + piece.length)).toBe(text.slice(piece.from, piece.from + piece.length));
  });
});

describe('a secret across a segment cut', () => {
  // No separator for 100 KiB around the cut: the old cut (within 512 characters of a separator) split the token.
  const token = githubToken(11);
  const cuts = { 'segment end': SEGMENT, 'next segment start': SEGMENT - SEGMENT_OVERLAP, 'ownership boundary': SEGMENT - SEGMENT_OVERLAP + SEGMENT_CONTEXT };
  for (const [name, cut] of Object.entries(cuts)) for (const shift of [-20, -1, 0, 1, 20, token.length - 1]) {
    it(`is found once, at its own offset (token starting ${shift} characters from the ${name})`, async () => {
      const filler = 'A'.repeat(cut - shift - 1);
      const text = `k=${filler}-${token}-${'B'.repeat(100_000)}`;
      const result = await scanFragments([{ path: 'bundle.min.js', text }]);
      const github = result.findings.filter((f) => f.ruleId === 'github-pat');
      expect(github.map((f) => [f.line, f.column])).toEqual([[1, text.indexOf(token) + 1]]);
    });
  }

  it('reaches at least as far as a one-line RSA 4096 PEM key', () => {
    expect(MAX_REACH).toBeGreaterThanOrEqual(4096);
  });
});
