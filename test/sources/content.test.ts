import { describe, expect, it } from 'vitest';
import { addedLineNumbers, classifyContent, decodeText, lfsPointer, printableStrings } from '../../src/sources/content.js';
import { contentItems, WINDOW_CHARS, WINDOW_OVERLAP } from '../../src/sources/content-items.js';
import type { SourceItem } from '../../src/sources/source.js';
import { scanFragments } from '../helpers/engine.js';
import { githubToken } from '../helpers/secrets.js';

const swap16 = (b: Buffer): Buffer => {
  const out = Buffer.alloc(b.length);
  for (let i = 0; i + 1 < b.length; i += 2) {
    out[i] = b[i + 1]!;
    out[i + 1] = b[i]!;
  }
  return out;
};

function utf32(text: string, little: boolean, bom: boolean): Buffer {
  const chars = [...(bom ? '\ufeff' : ''), ...text];
  const out = Buffer.alloc(chars.length * 4);
  chars.forEach((c, i) => (little ? out.writeUInt32LE(c.codePointAt(0)!, i * 4) : out.writeUInt32BE(c.codePointAt(0)!, i * 4)));
  return out;
}

describe('classifyContent', () => {
  const text = 'line one\r\nline two, with é\r\n';
  const cases: [string, Buffer, string, number][] = [
    ['UTF-8', Buffer.from(text), 'utf8', 0],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf8', 3],
    ['UTF-16 LE with a BOM', Buffer.from(`\ufeff${text}`, 'utf16le'), 'utf16le', 2],
    ['UTF-16 LE without one', Buffer.from(text, 'utf16le'), 'utf16le', 0],
    ['UTF-16 BE with a BOM', swap16(Buffer.from(`\ufeff${text}`, 'utf16le')), 'utf16be', 2],
    ['UTF-16 BE without one', swap16(Buffer.from(text, 'utf16le')), 'utf16be', 0],
    ['UTF-32 LE with a BOM', utf32(text, true, true), 'utf32le', 4],
    ['UTF-32 LE without one', utf32(text, true, false), 'utf32le', 0],
    ['UTF-32 BE with a BOM', utf32(text, false, true), 'utf32be', 4],
    ['UTF-32 BE without one', utf32(text, false, false), 'utf32be', 0],
    ['UTF-8 with one NUL', Buffer.from(`a\0${text}`), 'utf8', 0],
  ];
  for (const [name, bytes, encoding, bom] of cases) {
    it(`${name} is text, decoded with line breaks normalised`, () => {
      const kind = classifyContent(bytes);
      expect(kind).toEqual({ kind: 'text', encoding, bom });
      if (kind.kind !== 'text') return;
      expect(decodeText(bytes, kind).replace('\0', '')).toBe(name === 'UTF-8 with one NUL' ? 'a' + text.replace(/\r\n/g, '\n') : text.replace(/\r\n/g, '\n'));
    });
  }

  it('an SQLite page and random bytes are binary', () => {
    const page = Buffer.alloc(4096);
    page.write('SQLite format 3\0');
    expect(classifyContent(page)).toEqual({ kind: 'binary' });
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
    expect(classifyContent(noise)).toEqual({ kind: 'binary' });
  });
});

describe('printableStrings', () => {
  it('keeps ASCII and UTF-16 runs of 8 or more characters, at the line they start on', () => {
    const bytes = Buffer.concat([
      Buffer.from('short\0\0\nlong enough run\0\x01\n'),
      Buffer.from('wide string here', 'utf16le'),
      Buffer.from([0, 0, 1, 0x0a, 1]),
      swap16(Buffer.from('big-endian words', 'utf16le')),
      Buffer.from([1, 2]),
      Buffer.from('short', 'utf16le'),
    ]);
    const strings = printableStrings(bytes);
    expect(strings.text.split('\n')).toEqual(['long enough run', 'wide string here', 'big-endian words']);
    expect(strings.lineNumbers).toEqual([2, 3, 4]);
  });
});

describe('addedLineNumbers', () => {
  it('counts a line as added when the old version holds it fewer times', () => {
    expect(addedLineNumbers('a\nb\na\n', 'a\nb\nc\na\na\n')).toEqual({ lines: ['c', 'a'], numbers: [3, 5] });
    expect(addedLineNumbers(undefined, 'x\ny\n')).toEqual({ lines: ['x', 'y'], numbers: [1, 2] });
  });
});

describe('lfsPointer', () => {
  it('reads the oid and size of a git-lfs pointer, and nothing else', () => {
    const oid = 'a'.repeat(64);
    expect(lfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 12\n`)).toEqual({ oid, size: 12 });
    expect(lfsPointer(`oid sha256:${oid}\nsize 12\n`)).toBeUndefined();
  });
});

describe('contentItems in windows', () => {
  async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
    const out: SourceItem[] = [];
    for await (const item of items) out.push(item);
    return out;
  }

  async function* chunks(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }

  for (const [name, mid] of [['lines', false], ['one long line', true]] as const) {
    it(`a token in the overlap of two windows is reported once, at its line and column (${name})`, async () => {
      const token = githubToken(31);
      const filler = mid ? 'z'.repeat(WINDOW_CHARS - 30) : `${'y'.repeat(79)}\n`.repeat(Math.ceil(WINDOW_CHARS / 80));
      const text = `${filler}${mid ? ' ' : ''}T=${token}\n${'w'.repeat(WINDOW_OVERLAP * 2)}\n`.repeat(1) + 'end\n'.repeat(1_200_000);
      const bytes = Buffer.from(text);
      const items = await collect(contentItems('big.txt', { size: bytes.length, stream: () => chunks(bytes, 65_536) }, { maxFileBytes: 1 << 30 }));
      const fragments = items.flatMap((item) => ('fragment' in item ? [item.fragment] : []));
      expect(fragments.length).toBeGreaterThan(1);
      const result = await scanFragments(fragments);
      const at = text.indexOf(token);
      const line = text.slice(0, at).split('\n').length;
      const column = at - text.lastIndexOf('\n', at - 1);
      expect(result.findings.filter((f) => f.ruleId === 'github-pat').map((f) => `${f.line}:${f.column}`)).toEqual([`${line}:${column}`]);
    });
  }
});
