/**
 * What a file is, decided from its bytes (pure). Git's own answer ("Binary files
 * differ") depends on attributes a commit can add (`* -diff`, `binary`), on
 * `core.bigFileThreshold` and on one NUL byte in the first 8000 bytes, so leakgate
 * never takes it: every source asks `classifyContent` instead.
 *
 * - A byte-order mark says the encoding (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE).
 * - Without one, the pattern of zero bytes tells UTF-16 and UTF-32 (the code units
 *   of ASCII text written by Windows tools have a zero byte in fixed positions).
 * - Otherwise the text is UTF-8 (or a single-byte encoding, read as UTF-8) unless
 *   control bytes are frequent: a real binary. A stray NUL in a text file does not
 *   make it binary.
 *
 * A binary is scanned as its printable strings (`printableStrings`), with only the
 * rules whose matches cannot be noise (see `Fragment.printable`).
 */

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be';

export type ContentKind =
  | { readonly kind: 'text'; readonly encoding: TextEncoding; /** Bytes of the byte-order mark. */ readonly bom: number }
  | { readonly kind: 'binary' };

/** Bytes looked at to classify (the start of the file). */
export const SNIFF_BYTES = 64 * 1024;
/** Share of control bytes above which UTF-8-looking content is binary. */
const BINARY_CONTROL_SHARE = 0.05;
/** Share of a UTF-16/32 pattern's zero positions that must be zero. */
const WIDE_ZERO_SHARE = 0.4;
/** Share of the non-zero positions that may be zero (and still be that pattern). */
const WIDE_NONZERO_ZERO_SHARE = 0.05;

export function classifyContent(bytes: Uint8Array): ContentKind {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  const bom = byteOrderMark(sample);
  if (bom) return { kind: 'text', ...bom };
  const wide = widePattern(sample);
  if (wide) return { kind: 'text', encoding: wide, bom: 0 };
  return controlShare(sample) > BINARY_CONTROL_SHARE ? { kind: 'binary' } : { kind: 'text', encoding: 'utf8', bom: 0 };
}

function byteOrderMark(b: Uint8Array): { encoding: TextEncoding; bom: number } | undefined {
  // UTF-32 LE starts like UTF-16 LE (FF FE), so it is checked first.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf32le', bom: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf32be', bom: 4 };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  return undefined;
}

/** UTF-16 or UTF-32 without a byte-order mark, from where its zero bytes stand. */
function widePattern(b: Uint8Array): TextEncoding | undefined {
  if (b.length < 4) return undefined;
  const zeros = [0, 0, 0, 0];
  const counts = [0, 0, 0, 0];
  const end = b.length - (b.length % 4);
  for (let i = 0; i < end; i++) {
    counts[i & 3]!++;
    if (b[i] === 0) zeros[i & 3]!++;
  }
  const share = (k: number): number => zeros[k]! / counts[k]!;
  const is = (zeroAt: readonly number[]): boolean =>
    [0, 1, 2, 3].every((k) => (zeroAt.includes(k) ? share(k) >= WIDE_ZERO_SHARE : share(k) <= WIDE_NONZERO_ZERO_SHARE));
  if (is([1, 2, 3])) return 'utf32le';
  if (is([0, 1, 2])) return 'utf32be';
  if (is([1, 3])) return 'utf16le';
  if (is([0, 2])) return 'utf16be';
  return undefined;
}

/** Share of bytes that text does not hold: C0 controls other than tab, newlines, form feed, escape. */
function controlShare(b: Uint8Array): number {
  if (b.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b && c !== 0x08) controls++;
  }
  return controls / b.length;
}

/** The text of `bytes` in `kind`'s encoding, without the byte-order mark, CRLF as LF. */
export function decodeText(bytes: Uint8Array, kind: Extract<ContentKind, { kind: 'text' }>): string {
  return normalizeNewlines(textDecoder(kind.encoding).decode(bytes.subarray(kind.bom)));
}

export function normalizeNewlines(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/**
 * A streaming decoder for `encoding` (`decode(chunk, { stream: true })`). UTF-32
 * is not among the WHATWG encodings, so it has its own.
 */
export function textDecoder(encoding: TextEncoding): { decode(chunk?: Uint8Array, options?: { stream?: boolean }): string } {
  if (encoding === 'utf32le' || encoding === 'utf32be') return new Utf32Decoder(encoding === 'utf32le');
  return new TextDecoder(encoding === 'utf8' ? 'utf-8' : encoding === 'utf16le' ? 'utf-16le' : 'utf-16be');
}

class Utf32Decoder {
  private rest = new Uint8Array(0);

  constructor(private readonly little: boolean) {}

  decode(chunk: Uint8Array = new Uint8Array(0), options?: { stream?: boolean }): string {
    const bytes = this.rest.length === 0 ? chunk : concat(this.rest, chunk);
    const whole = bytes.length - (bytes.length % 4);
    this.rest = options?.stream ? bytes.slice(whole) : new Uint8Array(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, whole);
    let out = '';
    for (let i = 0; i < whole; i += 4) {
      const cp = view.getUint32(i, this.little);
      out += cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
    }
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Shortest run of printable characters kept from a binary. */
export const MIN_PRINTABLE_RUN = 8;

export interface PrintableStrings {
  /** The runs, one per line. */
  readonly text: string;
  /** Per run, the 1-based line of the file (newline bytes before it, plus one) where it starts. */
  readonly lineNumbers: readonly number[];
  /** With `owned` given (byte offsets): the same range as offsets of `text`. */
  readonly owned?: readonly [number, number];
}

const printable = (c: number): boolean => (c >= 0x20 && c <= 0x7e) || c === 0x09;

interface Run {
  readonly start: number;
  readonly end: number;
  /** Bytes per character: 1 for ASCII, 2 for UTF-16. */
  readonly width: number;
  readonly text: string;
}

/**
 * The runs of `MIN_PRINTABLE_RUN` or more printable ASCII characters in `bytes`,
 * and the runs of UTF-16 LE/BE code units that are printable ASCII (strings in
 * Windows binaries, .NET assemblies, some databases), in file order.
 * `firstLine` is the line the bytes start on (for a window of a longer file);
 * `owned`, a range of byte offsets to translate into offsets of `text`.
 */
export function printableStrings(bytes: Uint8Array, firstLine = 1, owned?: readonly [number, number]): PrintableStrings {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && printable(bytes[i]!)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_PRINTABLE_RUN) runs.push({ start, end: i, width: 1, text: latin1(bytes, start, i) });
    start = -1;
  }
  // UTF-16: a printable byte beside a zero byte, MIN_PRINTABLE_RUN times in a row.
  // Every such run holds zero bytes two apart, so only the zeros are visited
  // (found natively by indexOf): in a binary's noise they are few.
  const unit = (at: number, little: boolean): boolean =>
    at >= 0 && at + 1 < bytes.length && (little ? bytes[at + 1] === 0 && printable(bytes[at]!) : bytes[at] === 0 && printable(bytes[at + 1]!));
  let skipUntil = 0;
  for (let zero = bytes.indexOf(0); zero >= 0; zero = bytes.indexOf(0, Math.max(zero + 1, skipUntil))) {
    for (const little of [true, false]) {
      let first = little ? zero - 1 : zero;
      if (!unit(first, little)) continue;
      while (first - 2 >= skipUntil && unit(first - 2, little)) first -= 2;
      let end = first;
      while (unit(end, little)) end += 2;
      if ((end - first) / 2 < MIN_PRINTABLE_RUN) continue;
      let text = '';
      for (let i = first; i < end; i += 2) text += String.fromCharCode(bytes[little ? i : i + 1]!);
      runs.push({ start: first, end, width: 2, text });
      skipUntil = end;
      break;
    }
  }
  runs.sort((a, b) => a.start - b.start || b.end - a.end);
  // LE text read one byte off looks like BE text (and the other way): keep the first reading.
  const kept: Run[] = [];
  for (const run of runs) if (kept.length === 0 || run.start >= kept[kept.length - 1]!.end) kept.push(run);
  const lineNumbers: number[] = [];
  let line = firstLine;
  let at = 0;
  let offset = 0;
  const textOffsets: (number | undefined)[] = [undefined, undefined];
  for (const run of kept) {
    for (; at < run.start; at++) if (bytes[at] === 0x0a) line++;
    lineNumbers.push(line);
    owned?.forEach((byte, k) => {
      if (textOffsets[k] === undefined && byte < run.end) textOffsets[k] = offset + Math.max(0, Math.ceil((byte - run.start) / run.width));
    });
    offset += run.text.length + 1;
  }
  const text = kept.map((run) => run.text).join('\n');
  return { text, lineNumbers, ...(owned === undefined ? {} : { owned: [textOffsets[0] ?? text.length, textOffsets[1] ?? text.length] as const }) };
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/**
 * The lines `after` adds to `before`: a line counts as added when `before` holds
 * it fewer times than `after` does (its later copies are the added ones). Used
 * where git gave no text diff (a file git took for binary, a decoded UTF-16 file).
 * Returns the 1-based line numbers in `after`.
 */
export function addedLineNumbers(before: string | undefined, after: string): { lines: string[]; numbers: number[] } {
  const afterLines = splitLines(after);
  const counts = new Map<string, number>();
  if (before !== undefined) for (const line of splitLines(before)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const lines: string[] = [];
  const numbers: number[] = [];
  afterLines.forEach((line, i) => {
    const left = counts.get(line) ?? 0;
    if (left > 0) {
      counts.set(line, left - 1);
      return;
    }
    lines.push(line);
    numbers.push(i + 1);
  });
  return { lines, numbers };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A git-lfs pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): the object's sha256 and size. */
export function lfsPointer(text: string): { oid: string; size: number } | undefined {
  if (!text.startsWith('version https://git-lfs.github.com/spec/v1') || text.length > 1024) return undefined;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  return oid && size ? { oid, size: Number(size) } : undefined;
}
