import { describe, expect, it } from 'vitest';
import { SEGMENT, segmentLongLines } from '../../src/detectors/long-lines.js';

describe('segmentLongLines', () => {
  it('leaves ordinary text alone', () => {
    const text = 'a\n'.repeat(100_000);
    expect(segmentLongLines(text)).toBe(text);
  });

  it('cuts long lines at separators, keeping every offset', () => {
    const word = 'abcdefghij ';
    const line = word.repeat(Math.ceil((SEGMENT * 3) / word.length));
    const text = `short\n${line}\nend`;
    const out = segmentLongLines(text);
    expect(out.length).toBe(text.length);
    const lines = out.split('\n');
    expect(lines.length).toBe(3 + 3);
    expect(lines.every((l) => l.length <= SEGMENT)).toBe(true);
    // Only separators were replaced.
    for (let i = 0; i < text.length; i++) if (out[i] !== text[i]) expect(text[i]).toBe(' ');
  });

  it('cuts a line without separators at the segment length', () => {
    const text = 'x'.repeat(SEGMENT * 2 + 10);
    const lines = segmentLongLines(text).split('\n');
    // Each cut turns one character into the line break.
    expect(lines.map((l) => l.length)).toEqual([SEGMENT, SEGMENT, 8]);
  });
});
