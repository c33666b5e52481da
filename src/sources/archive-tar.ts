/**
 * Tar archives held in memory: POSIX ustar and pax (IEEE Std 1003.1-2017, pax
 * "ustar Interchange Format" and "pax Header Block"), GNU tar's old format and its
 * long-name entries (GNU tar manual, "Basic Tar Format").
 *
 * A small reader rather than `tar-stream`: tar-stream parses only through an
 * asynchronous stream (streamx), while leakgate opens archives synchronously on
 * bytes already in memory, so each member can be a view of the archive (no copy)
 * and every budget is checked before the next member is touched. The format is a
 * sequence of 512-byte headers, each followed by its data; the tests check this
 * reader against archives that tar-stream writes.
 */
import { decodeName, storedBounded, type ReaderItem } from './archive-entry.js';

const BLOCK = 512;
/** Entry types whose data describes the next entry: GNU long name and link name, pax extended and global headers. */
const META = 'LKxg';

/** Whether `bytes` starts with a tar header: a valid header checksum, ustar magic or not (old tar). */
export function isTar(bytes: Uint8Array): boolean {
  if (bytes.length < BLOCK) return false;
  const header = bytes.subarray(0, BLOCK);
  return header[0] !== 0 && checksumMatches(header);
}

export function* tarEntries(tar: Uint8Array): Generator<ReaderItem> {
  let at = 0;
  /** A GNU `L` entry's name or a pax `path`, for the entry that follows. */
  let longName: string | undefined;
  let paxSize: number | undefined;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) return; // end of archive
    if (!checksumMatches(header)) {
      yield { note: { problem: 'corrupt', message: `corrupt tar header at byte ${at} (bad checksum), nor the rest of the archive` } };
      return;
    }
    const type = String.fromCharCode(header[156]!);
    // A pax `size` is the size of the entry it describes, not of further extended headers.
    const size = (META.includes(type) ? undefined : paxSize) ?? numeric(header.subarray(124, 136));
    const dataStart = at + BLOCK;
    const name = longName ?? headerName(header);
    if (size === undefined || dataStart + size > tar.length) {
      yield { note: { problem: 'corrupt', name, message: 'truncated, the archive ends inside it' } };
      return;
    }
    const data = tar.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = decodeName(data);
      continue;
    }
    if (type === 'x') {
      const pax = paxRecords(data);
      if (pax.path !== undefined) longName = pax.path;
      paxSize = pax.size;
      continue;
    }
    longName = undefined;
    paxSize = undefined;
    // Global pax headers, GNU long link names and volume labels describe, not hold, content;
    // links, directories, devices and FIFOs have none.
    if ('gKV12345'.includes(type)) continue;
    // Regular files ('0', NUL, '7' contiguous), GNU sparse files (their stored data), and any
    // other type, which POSIX says to read as a regular file.
    yield { entry: { name, inflates: false, extract: (bound) => storedBounded(data, bound) } };
  }
  if (at < tar.length && tar.subarray(at).some((byte) => byte !== 0)) {
    yield { note: { problem: 'corrupt', message: 'truncated, the archive ends inside a header' } };
  }
}

function headerName(header: Uint8Array): string {
  const name = decodeName(header.subarray(0, 100));
  // POSIX ustar ("ustar\0" "00") keeps a path prefix at 345; GNU's old format uses those bytes for times.
  const posix = header[257] === 0x75 && decodeName(header.subarray(257, 263)) === 'ustar' && header[262] === 0;
  const prefix = posix ? decodeName(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The header checksum: the byte sum with the checksum field read as spaces (some old tars summed signed bytes). */
function checksumMatches(header: Uint8Array): boolean {
  const stored = numeric(header.subarray(148, 156));
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : header[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** A numeric field: octal digits padded with spaces or NULs, or GNU base-256 (high bit of the first byte set). */
function numeric(field: Uint8Array): number | undefined {
  if (field[0]! & 0x80) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return Number.isSafeInteger(value) ? value : undefined;
  }
  const text = String.fromCharCode(...field).replace(/[\0 ]+$/, '').trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

/** Pax extended header records, `"<length> <key>=<value>\n"` (length in bytes): the path and size leakgate needs. */
function paxRecords(data: Uint8Array): { path?: string; size?: number } {
  const out: { path?: string; size?: number } = {};
  const utf8 = new TextDecoder('utf-8');
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space === -1 ? NaN : Number(String.fromCharCode(...data.subarray(at, space)));
    if (!(Number.isSafeInteger(length) && length > space - at + 1) || at + length > data.length) break;
    const record = utf8.decode(data.subarray(space + 1, at + length));
    const equals = record.indexOf('=');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1, record.endsWith('\n') ? -1 : undefined);
    if (key === 'path') out.path = value;
    if (key === 'size' && /^\d+$/.test(value)) out.size = Number(value);
    at += length;
  }
  return out;
}
