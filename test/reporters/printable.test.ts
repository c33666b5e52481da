import { describe, expect, it } from 'vitest';
import { printable, printableLines } from '../../src/printable.js';

describe('printable', () => {
  it.each([
    ['plain/path.ts', 'plain/path.ts'],
    ['tab\there', 'tab\there'],
    ['a\nb', 'a\\x0Ab'],
    ['\x1b[2K\x1b[1A', '\\x1B[2K\\x1B[1A'],
    ['bell\x07 del\x7f csi\x9b', 'bell\\x07 del\\x7F csi\\x9B'],
    ['rtl\u202Eelif.ts', 'rtl\\u202Eelif.ts'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['café ✓ 日本', 'café ✓ 日本'],
  ])('%j → %j', (text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it('keeps newlines only in printableLines', () => {
    expect(printableLines('one\ntwo\x1b[0m\r')).toBe('one\ntwo\\x1B[0m\\x0D');
  });
});
