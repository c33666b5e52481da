/**
 * Zip (and the formats built on it: .jar, .war, .apk, .docx, .xlsx, .odt...) read
 * from the central directory, as unzip and the JVM do (PKWARE APPNOTE.TXT 6.3.10:
 * 4.3.16 end of central directory, 4.3.12 central directory header, 4.3.7 local
 * file header, 4.5.3 Zip64 extra field).
 *
 * fflate inflates each member (streaming, with a byte bound); the directory walk
 * is here because fflate's `unzipSync` inflates every member it accepts into a
 * buffer of the size the header claims, does not look at the encryption flag, and
 * its streaming `Unzip` follows local headers only, which is not the member list
 * that extractors honour. Reading the directory also lets overlapping entries (the
 * construction of the non-recursive zip bombs) be refused before anything inflates.
 */
import { decodeName, inflateBounded, storedBounded, type ArchiveEntry, type Bound, type Extracted, type ReaderItem } from './archive-entry.js';
import { bunzip2Bounded } from './archive-bzip2.js';

const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_BYTES = 22;
const EOCD_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** The end record may be followed by a comment of up to 65535 bytes. */
const MAX_COMMENT = 0xffff;

/** APPNOTE 4.4.5 compression methods, named in notes about the ones leakgate does not inflate. */
const METHODS: Record<number, string> = {
  1: 'Shrink',
  6: 'Implode',
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'xz',
  96: 'JPEG',
  97: 'WavPack',
  98: 'PPMd',
};
/** APPNOTE 5.7: a method 12 member holds a whole bzip2 stream. */
const BZIP2 = 12;
/** APPNOTE 4.4.5: 99 marks WinZip AES encryption (the real method sits in the extra field). */
const AES = 99;

interface CentralEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  /** As the directory states it: a size hint for the output, never trusted as a bound. */
  readonly uncompressedSize: number;
  readonly localOffset: number;
}

class Corrupt extends Error {}

export function* zipEntries(zip: Uint8Array): Generator<ReaderItem> {
  let entries: CentralEntry[];
  let delta: number;
  try {
    ({ entries, delta } = readCentralDirectory(zip));
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    yield { note: { problem: 'corrupt', message: `not a readable zip archive (${error.message})` } };
    return;
  }
  // Each entry's data span, to refuse archives whose entries share bytes.
  const spans: { start: number; end: number; entry: CentralEntry; data: number }[] = [];
  for (const entry of entries) {
    const start = entry.localOffset + delta;
    const data = localDataStart(zip, start);
    if (data === undefined || data + entry.compressedSize > zip.length) {
      yield { note: { problem: 'corrupt', name: entry.name, message: 'corrupt, its local header or data lies outside the archive' } };
      continue;
    }
    spans.push({ start, end: data + entry.compressedSize, entry, data });
  }
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) {
      yield { note: { problem: 'bomb', message: 'entries overlap (how zip bombs are built)' } };
      return;
    }
  }
  for (const { entry, data } of spans) {
    if (entry.flags & 1 || entry.method === AES) {
      yield { note: { problem: 'encrypted', name: entry.name, message: 'encrypted (password-protected)' } };
      continue;
    }
    if (entry.method !== 0 && entry.method !== 8 && entry.method !== BZIP2) {
      const method = METHODS[entry.method] ?? `method ${entry.method}`;
      yield { note: { problem: 'unsupported', name: entry.name, message: `compressed with ${method}, which leakgate does not decompress` } };
      continue;
    }
    const compressed = zip.subarray(data, data + entry.compressedSize);
    const member: ArchiveEntry = {
      name: entry.name,
      inflates: entry.method !== 0,
      extract: (bound: Bound) => extract(entry.method, compressed, bound, entry.uncompressedSize),
    };
    yield { entry: member };
  }
}

/** Whether `bytes` end with a zip's end record whose central directory is where it says. */
export function hasZipEnd(bytes: Uint8Array): boolean {
  try {
    readCentralDirectory(bytes, 1);
    return true;
  } catch (error) {
    if (error instanceof Corrupt) return false;
    throw error;
  }
}

/** The central directory's entries (at most `most`), and the offset shift of data prepended to the archive. */
function readCentralDirectory(zip: Uint8Array, most = Infinity): { entries: CentralEntry[]; delta: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = findEndRecord(zip, view);
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  let directoryEnd = eocd;
  // A Zip64 end record sits between the directory and the end record whenever a
  // locator precedes it, also when the 32-bit fields are not saturated (Info-ZIP
  // writes one for a member streamed from a pipe).
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    // Where the locator says, or (data prepended to the archive) right before the locator.
    let record = safeNumber(view.getBigUint64(eocd - 12, true));
    const isRecord = (at: number): boolean => at >= 0 && at + 56 <= eocd - 20 && view.getUint32(at, true) === ZIP64_EOCD;
    if (!isRecord(record)) record = eocd - 20 - 56;
    if (!isRecord(record)) throw new Corrupt('no Zip64 end of central directory record');
    count = safeNumber(view.getBigUint64(record + 32, true));
    size = safeNumber(view.getBigUint64(record + 40, true));
    offset = safeNumber(view.getBigUint64(record + 48, true));
    directoryEnd = record;
  }
  // Data prepended to the archive (a self-extracting stub, a shell script before a
  // jar) shifts every offset by the same amount.
  const start = directoryEnd - size;
  const delta = start - offset;
  if (start < 0 || delta < 0) throw new Corrupt('central directory outside the file');
  const entries: CentralEntry[] = [];
  let at = start;
  for (let i = 0; i < Math.min(count, most); i++) {
    if (at + 46 > directoryEnd || view.getUint32(at, true) !== CENTRAL) throw new Corrupt(`central directory ends after ${i} of ${count} entries`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directoryEnd) throw new Corrupt('central directory entry runs past its end');
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    let localOffset = view.getUint32(at + 42, true);
    // Zip64 extra field: 64-bit values for exactly the fields set to 0xFFFFFFFF, in this order.
    for (let extra = at + 46 + nameLength; extra + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        const take = (): number => {
          if (field + 8 > extra + 4 + length) throw new Corrupt('short Zip64 extra field');
          const value = safeNumber(view.getBigUint64(field, true));
          field += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      extra += 4 + length;
    }
    entries.push({
      name: decodeName(zip.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize,
      uncompressedSize,
      localOffset,
    });
    at = next;
  }
  return { entries, delta };
}

/** The end of central directory record: the last one whose comment reaches the end of the file. */
function findEndRecord(zip: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, zip.length - EOCD_BYTES - MAX_COMMENT);
  // Buffer's native search: this runs on every binary a scan meets (see detectArchive).
  const haystack = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let found = -1;
  for (let at = haystack.lastIndexOf(EOCD_SIGNATURE, zip.length - EOCD_BYTES); at >= lowest; at = at > 0 ? haystack.lastIndexOf(EOCD_SIGNATURE, at - 1) : -1) {
    if (at + EOCD_BYTES + view.getUint16(at + 20, true) === zip.length) return at;
    if (found === -1) found = at;
  }
  if (found === -1) throw new Corrupt('no end of central directory record');
  return found;
}

/** Where a member's data starts, after its local header; undefined when the header is not there. */
function localDataStart(zip: Uint8Array, at: number): number | undefined {
  if (at < 0 || at + 30 > zip.length) return undefined;
  const view = new DataView(zip.buffer, zip.byteOffset + at, 30);
  if (view.getUint32(0, true) !== LOCAL) return undefined;
  return at + 30 + view.getUint16(26, true) + view.getUint16(28, true);
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Corrupt('a Zip64 size or offset is out of range');
  return Number(value);
}

/** A member's bytes: stored, deflated or bzip2-compressed. */
function extract(method: number, compressed: Uint8Array, bound: Bound, stated: number): Extracted {
  if (method === 0) return storedBounded(compressed, bound);
  return method === BZIP2 ? bunzip2Bounded(compressed, bound) : inflateBounded(compressed, 'deflate', bound, stated);
}
