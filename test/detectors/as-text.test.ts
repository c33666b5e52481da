/**
 * `asText`: decoded bytes count as text when they are valid UTF-8 without control
 * characters other than tab, newline and carriage return. The test on bytes must
 * agree with the same test on the decoded text for every input.
 */
import { describe, expect, it } from 'vitest';
import { asText } from '../../src/detectors/encoding.js';

const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/; // eslint-disable-line no-control-regex
const byText = (bytes: Buffer): string | undefined => {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return CONTROL.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
};

describe('asText', () => {
  it('keeps text, tabs and line ends included, in any script', () => {
    expect(asText(Buffer.from('user:p\u00e4ss\tw\u00f6rd\r\n\u65e5\u672c \u{1f511}\n'))).toBe('user:p\u00e4ss\tw\u00f6rd\r\n\u65e5\u672c \u{1f511}\n');
    expect(asText(Buffer.alloc(0))).toBe('');
  });

  it('refuses every control character but tab, newline and carriage return, wherever it is', () => {
    for (let byte = 0; byte < 0x80; byte++) {
      const allowed = byte >= 0x20 ? byte !== 0x7f : [0x09, 0x0a, 0x0d].includes(byte);
      for (const bytes of [Buffer.from([byte]), Buffer.concat([Buffer.from('abc\u00e9'), Buffer.from([byte]), Buffer.from('xyz')])]) {
        expect(asText(bytes) !== undefined).toBe(allowed);
      }
    }
  });

  it('refuses bytes that are not UTF-8 (a lone continuation, a cut sequence, an overlong form)', () => {
    for (const bytes of [[0x61, 0x80], [0xe6, 0x97], [0xc0, 0xaf], [0xff, 0x61], [0xed, 0xa0, 0x80]]) {
      expect(asText(Buffer.from(bytes))).toBeUndefined();
    }
  });

  it('agrees with the same test made on the decoded text, on random bytes', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let i = 0; i < 5000; i++) {
      // Mostly printable bytes, some high ones: both verdicts occur often.
      const bytes = Buffer.from(Array.from({ length: 1 + (i % 12) }, () => (next() < 200 ? 0x20 + (next() % 0x5f) : next())));
      expect(asText(bytes)).toBe(byText(bytes));
    }
  });
});
