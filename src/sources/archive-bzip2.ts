/**
 * bzip2 decompression, bounded like `inflateBounded`: the output stops as soon as it
 * passes `bound.limit`, or `bound.ratio` times the input read so far. The format
 * (bzip2 1.0, as `bzip2` writes it): a stream `BZh1`..`BZh9` of blocks of at most
 * 100 kB times the level, each a Burrows-Wheeler transform of run-length coded
 * bytes, written as move-to-front indexes with runs of zeros, Huffman coded in
 * groups of 50 symbols (also the data of a zip member of method 12). Concatenated streams (`pbzip2`, `cat a.bz2 b.bz2`) are
 * read in turn. Every block's CRC and the stream's CRC are checked. Pure: bytes in,
 * bytes out.
 */
import type { Bound, Extracted } from './archive-entry.js';

const BLOCK_MAGIC = 0x314159265359;
const END_MAGIC = 0x177245385090;
/** Huffman symbols are coded in groups of this many, each group with one of the tables. */
const GROUP_SIZE = 50;
/** The longest Huffman code the format allows. */
const MAX_CODE_BITS = 20;

class Bzip2Error extends Error {}

class Over extends Error {
  constructor(readonly over: 'limit' | 'ratio') {
    super(over);
  }
}

class Bits {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  bit(): number {
    const byte = this.bytes[this.at >>> 3];
    if (byte === undefined) throw new Bzip2Error('the data ends inside a block');
    const value = (byte >>> (7 - (this.at & 7))) & 1;
    this.at++;
    return value;
  }

  /** `count` bits (at most 48), most significant first. */
  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.bit();
    return value;
  }

  /** Bytes read so far, counting a partly read byte. */
  get consumed(): number {
    return Math.ceil(this.at / 8);
  }

  alignToByte(): void {
    this.at = Math.ceil(this.at / 8) * 8;
  }
}

/** Decompressed bytes, checked against the bound as each byte is written. */
class Sink {
  private buffer = new Uint8Array(64 * 1024);
  length = 0;

  constructor(
    private readonly bound: Bound,
    private readonly bits: Bits,
  ) {}

  push(byte: number): void {
    if (this.length >= this.bound.limit) throw new Over('limit');
    if (this.length >= this.buffer.length) {
      if (this.length > this.bound.ratioFloor && this.length > this.bound.ratio * this.bits.consumed) throw new Over('ratio');
      const grown = new Uint8Array(Math.min(this.buffer.length * 2, Math.max(this.bound.limit, this.length + 1)));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = byte;
  }

  /** Checks the bound once more (a block may end between two growths). */
  check(): void {
    if (this.length > this.bound.limit) throw new Over('limit');
    if (this.length > this.bound.ratioFloor && this.length > this.bound.ratio * this.bits.consumed) throw new Over('ratio');
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** The `.bz2` streams in `input`, decompressed within `bound`. */
export function bunzip2Bounded(input: Uint8Array, bound: Bound): Extracted {
  const bits = new Bits(input);
  const sink = new Sink(bound, bits);
  try {
    let streams = 0;
    for (;;) {
      bits.alignToByte();
      const at = bits.consumed;
      if (at >= input.length) break;
      if (!isStreamStart(input, at)) {
        if (streams === 0) throw new Bzip2Error('no bzip2 stream header');
        // What follows a stream is not bzip2: the streams read are kept, the rest is noted.
        return { bytes: sink.bytes(), inflated: true, trailing: true };
      }
      bits.bits(24);
      stream(bits, sink, (bits.bits(8) - 0x30) * 100_000);
      streams++;
    }
    sink.check();
    return { bytes: sink.bytes(), inflated: true };
  } catch (error) {
    if (error instanceof Over) return { over: error.over };
    if (error instanceof Bzip2Error) return { error: `bzip2 data is corrupt (${error.message})` };
    throw error;
  }
}

function isStreamStart(input: Uint8Array, at: number): boolean {
  const level = input[at + 3] ?? 0;
  return input[at] === 0x42 && input[at + 1] === 0x5a && input[at + 2] === 0x68 && level >= 0x31 && level <= 0x39;
}

function stream(bits: Bits, sink: Sink, blockMax: number): void {
  let combined = 0;
  for (;;) {
    const magic = bits.bits(48);
    const crc = bits.bits(32);
    if (magic === END_MAGIC) {
      if (crc !== combined) throw new Bzip2Error('the stream CRC does not match');
      return;
    }
    if (magic !== BLOCK_MAGIC) throw new Bzip2Error('a block does not start with its magic number');
    const got = block(bits, sink, blockMax);
    if (got !== crc) throw new Bzip2Error('a block CRC does not match');
    combined = (((combined << 1) | (combined >>> 31)) ^ got) >>> 0;
    sink.check();
  }
}

/** One block: decoded into `sink`; returns the CRC of its bytes. */
function block(bits: Bits, sink: Sink, blockMax: number): number {
  if (bits.bit() === 1) throw new Bzip2Error('a randomised block (written only by bzip2 before 0.9.5)');
  const origin = bits.bits(24);

  // The bytes the block uses, as a two-level bitmap.
  const used: number[] = [];
  const ranges = bits.bits(16);
  for (let i = 0; i < 16; i++) {
    if (!(ranges & (0x8000 >>> i))) continue;
    const map = bits.bits(16);
    for (let j = 0; j < 16; j++) if (map & (0x8000 >>> j)) used.push(i * 16 + j);
  }
  if (used.length === 0) throw new Bzip2Error('a block uses no byte values');
  const alphabet = used.length + 2;
  const endOfBlock = used.length + 1;

  const tableCount = bits.bits(3);
  if (tableCount < 2 || tableCount > 6) throw new Bzip2Error('bad number of Huffman tables');
  const selectorCount = bits.bits(15);
  if (selectorCount === 0) throw new Bzip2Error('no Huffman table selectors');
  const order = Array.from({ length: tableCount }, (_, i) => i);
  const selectors = new Uint8Array(selectorCount);
  for (let i = 0; i < selectorCount; i++) {
    let index = 0;
    while (bits.bit() === 1) if (++index >= tableCount) throw new Bzip2Error('bad Huffman table selector');
    const table = order[index] as number;
    order.splice(index, 1);
    order.unshift(table);
    selectors[i] = table;
  }

  const tables: Huffman[] = [];
  for (let t = 0; t < tableCount; t++) {
    const lengths = new Uint8Array(alphabet);
    let length = bits.bits(5);
    for (let symbol = 0; symbol < alphabet; symbol++) {
      for (;;) {
        if (length < 1 || length > MAX_CODE_BITS) throw new Bzip2Error('bad Huffman code length');
        if (bits.bit() === 0) break;
        length += bits.bit() === 0 ? 1 : -1;
      }
      lengths[symbol] = length;
    }
    tables.push(huffman(lengths));
  }

  // Huffman symbols to move-to-front indexes to bytes; RUNA/RUNB (0, 1) code runs of index 0.
  const tt = new Uint32Array(blockMax);
  const counts = new Uint32Array(256);
  const front = Uint8Array.from({ length: 256 }, (_, i) => i);
  let length = 0;
  let run = 0;
  let weight = 1;
  let group = -1;
  let left = 0;
  let table = tables[0] as Huffman;
  for (;;) {
    if (left === 0) {
      if (++group >= selectorCount) throw new Bzip2Error('more symbols than selectors');
      left = GROUP_SIZE;
      table = tables[selectors[group] as number] as Huffman;
    }
    left--;
    const symbol = decode(bits, table);
    if (symbol <= 1) {
      if (run === 0) weight = 1;
      run += weight << symbol;
      weight <<= 1;
      if (run > blockMax) throw new Bzip2Error('a block longer than its level allows');
      continue;
    }
    if (run > 0) {
      const byte = used[front[0] as number] as number;
      if (length + run > blockMax) throw new Bzip2Error('a block longer than its level allows');
      counts[byte] = (counts[byte] as number) + run;
      tt.fill(byte, length, length + run);
      length += run;
      run = 0;
    }
    if (symbol === endOfBlock) break;
    if (length >= blockMax) throw new Bzip2Error('a block longer than its level allows');
    const index = symbol - 1;
    const value = front[index] as number;
    front.copyWithin(1, 0, index);
    front[0] = value;
    const byte = used[value] as number;
    counts[byte] = (counts[byte] as number) + 1;
    tt[length++] = byte;
  }
  if (origin >= length) throw new Bzip2Error('the block origin is past its end');

  // Inverse Burrows-Wheeler transform: each entry's high bits link to the next.
  const start = new Uint32Array(256);
  for (let b = 0, sum = 0; b < 256; b++) {
    start[b] = sum;
    sum += counts[b] as number;
  }
  for (let i = 0; i < length; i++) {
    const byte = (tt[i] as number) & 0xff;
    const slot = start[byte] as number;
    start[byte] = slot + 1;
    tt[slot] = ((tt[slot] as number) | (i << 8)) >>> 0;
  }

  // Undo the first run-length stage (four equal bytes, then a count of more) while computing the CRC.
  let crc = 0xffffffff;
  const emit = (byte: number): void => {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] as number)) >>> 0;
    sink.push(byte);
  };
  let at = (tt[origin] as number) >>> 8;
  let previous = -1;
  let same = 0;
  for (let k = 0; k < length; k++) {
    const entry = tt[at] as number;
    const byte = entry & 0xff;
    at = entry >>> 8;
    if (same === 4) {
      for (let r = 0; r < byte; r++) emit(previous);
      same = 0;
      continue;
    }
    emit(byte);
    if (byte === previous) same++;
    else {
      previous = byte;
      same = 1;
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A canonical Huffman code: symbols ordered by code length, then by value. */
interface Huffman {
  readonly symbols: Uint16Array;
  /** Per length: how many codes have it, the first code of it, and where its symbols start. */
  readonly count: Uint32Array;
  readonly first: Uint32Array;
  readonly offset: Uint32Array;
}

function huffman(lengths: Uint8Array): Huffman {
  const count = new Uint32Array(MAX_CODE_BITS + 1);
  for (const length of lengths) count[length] = (count[length] as number) + 1;
  const first = new Uint32Array(MAX_CODE_BITS + 1);
  const offset = new Uint32Array(MAX_CODE_BITS + 1);
  for (let length = 1, code = 0, index = 0; length <= MAX_CODE_BITS; length++) {
    first[length] = code;
    offset[length] = index;
    code = (code + (count[length] as number)) * 2;
    index += count[length] as number;
  }
  const symbols = new Uint16Array(lengths.length);
  const next = offset.slice();
  lengths.forEach((length, symbol) => {
    symbols[next[length] as number] = symbol;
    next[length] = (next[length] as number) + 1;
  });
  return { symbols, count, first, offset };
}

function decode(bits: Bits, table: Huffman): number {
  let code = 0;
  for (let length = 1; length <= MAX_CODE_BITS; length++) {
    code = code * 2 + bits.bit();
    const delta = code - (table.first[length] as number);
    if (delta >= 0 && delta < (table.count[length] as number)) return table.symbols[(table.offset[length] as number) + delta] as number;
  }
  throw new Bzip2Error('a Huffman code that no table holds');
}
