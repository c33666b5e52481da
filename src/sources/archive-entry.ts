/**
 * What the archive readers (zip, tar) hand to the archive walker: entries whose
 * bytes are produced only on demand and never past a byte bound, so a zip bomb
 * stops at the budget instead of allocating what its headers (or its data) ask
 * for. Pure: bytes in, bytes out.
 */
import { Gunzip, Inflate, inflateSync } from 'fflate';

/** How far one extraction may go. */
export interface Bound {
  /** Most bytes the entry may produce; one more and the extraction stops. */
  readonly limit: number;
  /** Most output bytes per input byte, checked once the output passes `ratioFloor`. */
  readonly ratio: number;
  readonly ratioFloor: number;
}

export type Extracted =
  /**
   * `inflated`: the bytes were decompressed (they count against the archive's byte
   * budget). `trailing`: bytes after the end of a gzip stream that are not gzip were
   * left unread.
   */
  | { readonly bytes: Uint8Array; readonly inflated: boolean; readonly trailing?: boolean }
  /** The entry produced more than `bound.limit` bytes. */
  | { readonly over: 'limit' }
  /** The entry expanded more than `bound.ratio` times its compressed size. */
  | { readonly over: 'ratio' }
  /** The data is corrupt or in a form leakgate cannot read. */
  | { readonly error: string };

/** A file inside an archive, as a reader found it. */
export interface ArchiveEntry {
  /** The name as stored in the archive: never a path on disk, so `../x` is only a name. */
  readonly name: string;
  /** Whether extracting decompresses (and so spends the archive's byte budget). */
  readonly inflates: boolean;
  extract(bound: Bound): Extracted;
}

/** Something a reader could not turn into an entry: `name` is undefined for the archive itself. */
export interface ReaderNote {
  readonly problem: 'corrupt' | 'encrypted' | 'unsupported' | 'bomb';
  readonly name?: string;
  readonly message: string;
}

export type ReaderItem = { readonly entry: ArchiveEntry } | { readonly note: ReaderNote };

/**
 * Compressed input is pushed this many bytes at a time. DEFLATE expands at most
 * about 1032 times, so one push makes at most ~16.5 MiB before the bound is
 * checked; smaller pushes cost more copying of fflate's 32 KiB window.
 */
const PUSH_BYTES = 16 * 1024;

const STOP = Symbol('stop');

/**
 * Inflates raw DEFLATE (zip method 8) or a gzip stream (every member of a
 * concatenated one), stopping as soon as the output passes the bound.
 */
export function inflateBounded(input: Uint8Array, format: 'deflate' | 'gzip', bound: Bound, expected?: number): Extracted {
  // Most members of a jar or a zip of sources fit in one push: inflated at once, checked after.
  if (format === 'deflate' && input.length <= PUSH_BYTES) {
    let bytes: Uint8Array;
    try {
      bytes = inflateSync(input);
    } catch (error) {
      return { error: `DEFLATE data is corrupt (${(error as Error).message})` };
    }
    if (bytes.length > bound.limit) return { over: 'limit' };
    if (bytes.length > bound.ratioFloor && bytes.length > bound.ratio * input.length) return { over: 'ratio' };
    return { bytes, inflated: true };
  }
  const output = new Output(Math.min(expected ?? 0, bound.limit));
  let consumed = 0;
  let stopped: Extracted | undefined;
  const sink = (data: Uint8Array): void => {
    const produced = output.length + data.length;
    if (produced > bound.limit) stopped = { over: 'limit' };
    else if (produced > bound.ratioFloor && produced > bound.ratio * consumed) stopped = { over: 'ratio' };
    if (stopped) throw STOP;
    output.push(data);
  };
  const stream = format === 'gzip' ? new Gunzip(sink) : new Inflate(sink);
  try {
    if (input.length === 0) stream.push(input, true);
    for (let at = 0; at < input.length; at += PUSH_BYTES) {
      consumed = Math.min(at + PUSH_BYTES, input.length);
      stream.push(input.subarray(at, consumed), consumed === input.length);
    }
  } catch (error) {
    if (error === STOP && stopped) return stopped;
    // fflate reads on after a gzip member for the next one; what follows is not gzip.
    if (format === 'gzip' && output.length > 0 && (error as Error).message === 'invalid gzip data') {
      return { bytes: output.bytes(), inflated: true, trailing: true };
    }
    return { error: `${format === 'gzip' ? 'gzip' : 'DEFLATE'} data is corrupt (${(error as Error).message})` };
  }
  return { bytes: output.bytes(), inflated: true };
}

/**
 * Inflated bytes, written into one buffer sized from the size the archive states
 * (capped by the bound, so a lying header costs no more than the budget; the
 * pages of an unwritten buffer are never touched), grown when the statement is short.
 */
class Output {
  private buffer: Uint8Array;
  length = 0;

  constructor(expected: number) {
    this.buffer = new Uint8Array(expected);
  }

  push(data: Uint8Array): void {
    if (this.length + data.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + data.length, 64 * 1024));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  bytes(): Uint8Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.subarray(0, this.length);
  }
}

/** Bytes already in memory (a stored zip member, a tar member): a view, checked against the bound. */
export function storedBounded(bytes: Uint8Array, bound: Bound): Extracted {
  return bytes.length > bound.limit ? { over: 'limit' } : { bytes, inflated: false };
}

const NAMES = new TextDecoder('utf-8');

/** A stored name: UTF-8 (invalid bytes shown as U+FFFD), up to the first NUL. */
export function decodeName(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return NAMES.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
}
