/**
 * Archives opened in memory, recursively, within budgets: a source hands over a
 * file's bytes, gets back the members to scan (`bundle.zip!app/.env`, nested
 * `a.zip!inner.tar.gz!x/.env`) and a note for everything it could not scan, so
 * nothing inside an archive is skipped silently. Pure: bytes in, members and
 * notes out; nothing is ever written to disk, so a member named `../../x` is only
 * a name.
 *
 * Opened: the zip family (.zip .jar .war .ear .apk .aar .docx .xlsx .pptx .odt
 * .whl .nupkg...), tar (ustar, pax, GNU), gzip (.gz, and .tgz/.tar.gz, whose tar
 * is opened in the same step), bzip2 (.bz2, and .tbz2/.tar.bz2 likewise).
 * Recognised but not opened, with a note: xz, Zstandard, 7-Zip, RAR, lzip,
 * compress (.Z).
 */
import type { ArchiveEntry, Bound, Extracted, ReaderItem, ReaderNote } from './archive-entry.js';
import { inflateBounded } from './archive-entry.js';
import { bunzip2Bounded } from './archive-bzip2.js';
import { isTar, tarEntries } from './archive-tar.js';
import { hasZipEnd, zipEntries } from './archive-zip.js';
import type { Note } from '../types.js';
import { formatBytes, type SourceItem } from './source.js';

export interface ArchiveLimits {
  /** Bytes decompressed from one archive on disk, its nested archives included. */
  readonly totalBytes: number;
  /** Largest member opened (its size once decompressed). */
  readonly memberBytes: number;
  /** Members read from one archive on disk, its nested archives' included. */
  readonly entries: number;
  /** Archives inside archives: 1 opens the archive itself only. */
  readonly depth: number;
  /** Most bytes a member may decompress to per compressed byte, once past `RATIO_FLOOR_BYTES`. */
  readonly ratio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  // Bounds the inflate work per archive (about a second) and, with memberBytes, its memory.
  totalBytes: 256 * 1024 * 1024,
  // A member is held whole while it is scanned; an uber-jar's nested jar fits.
  memberBytes: 64 * 1024 * 1024,
  // More than a large Android app or a fat jar with all its nested jars.
  entries: 100_000,
  // a.war!lib/b.jar!c.zip!d.tar.gz: deeper nesting is a bomb's shape, not a build artifact's.
  depth: 4,
  // DEFLATE reaches ~1032:1 only on degenerate input (runs of one byte); source, logs and data stay under 50:1.
  ratio: 200,
};

/** Below this many output bytes a member's compression ratio is not judged (small files of zeros are fine). */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** The config key (under `limits:` in `.leakgate.yaml`) that raises each budget. */
export const ARCHIVE_LIMIT_KEYS: Record<keyof ArchiveLimits, string> = {
  totalBytes: 'limits.archiveBytes',
  memberBytes: 'limits.archiveMemberBytes',
  entries: 'limits.archiveEntries',
  depth: 'limits.archiveDepth',
  ratio: 'limits.archiveRatio',
};

export type ArchiveKind = 'zip' | 'tar' | 'gzip' | 'bzip2' | 'xz' | 'zstd' | '7z' | 'rar' | 'lzip' | 'compress';

const UNSUPPORTED: Partial<Record<ArchiveKind, string>> = {
  xz: 'xz',
  zstd: 'Zstandard',
  '7z': '7-Zip',
  rar: 'RAR',
  lzip: 'lzip',
  compress: 'compress (.Z)',
};

/** The archive format of `bytes` from its magic number (never its name), or undefined. */
export function detectArchive(bytes: Uint8Array): ArchiveKind | undefined {
  const b = (i: number): number => bytes[i] ?? -1;
  const ascii = (text: string, at = 0): boolean => [...text].every((c, i) => b(at + i) === c.charCodeAt(0));
  // Local file header, empty archive, or the spanned-archive marker before a local header.
  if (ascii('PK') && ((b(2) === 3 && b(3) === 4) || (b(2) === 5 && b(3) === 6) || (b(2) === 7 && b(3) === 8))) return 'zip';
  if (b(0) === 0x1f && b(1) === 0x8b && b(2) === 8) return 'gzip';
  if (ascii('BZh') && b(3) >= 0x31 && b(3) <= 0x39 && ((b(4) === 0x31 && b(5) === 0x41) || (b(4) === 0x17 && b(5) === 0x72))) return 'bzip2';
  if (b(0) === 0xfd && ascii('7zXZ', 1) && b(5) === 0) return 'xz';
  if (b(0) === 0x28 && b(1) === 0xb5 && b(2) === 0x2f && b(3) === 0xfd) return 'zstd';
  if (ascii('7z') && b(2) === 0xbc && b(3) === 0xaf && b(4) === 0x27 && b(5) === 0x1c) return '7z';
  if (ascii('Rar!') && b(4) === 0x1a && b(5) === 0x07) return 'rar';
  if (ascii('LZIP')) return 'lzip';
  if (b(0) === 0x1f && b(1) === 0x9d) return 'compress';
  if (isTar(bytes)) return 'tar';
  // A zip after other data (an executable jar's launcher script, a self-extractor):
  // found from its end record. Only binaries are looked at; the data before a zip is
  // short, so its NUL-holding headers fall within the first bytes.
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0) && hasZipEnd(bytes)) return 'zip';
  return undefined;
}

/** Bytes looked at to decide that data is binary, as git does. */
const BINARY_SNIFF_BYTES = 8000;

export interface ArchiveMember {
  /** `archive!member`, nested as `a.zip!inner.tar.gz!x/.env`. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * Something inside an archive that was not scanned: content went unchecked, so the
 * hook blocks on it, naming `setting`, the config key that allows it (a limit to
 * raise, or `allow.paths` for the archive's path).
 */
export interface ArchiveNote extends Note {
  readonly level: 'unscanned';
  readonly setting: string;
}

export type ArchiveItem = { readonly member: ArchiveMember } | { readonly note: ArchiveNote };

/**
 * The members of the archive in `bytes` (found at `path`), nested archives opened
 * in their place, lazily: one member is decompressed at a time, when the caller
 * asks for the next. `bytes` that are no archive yield nothing.
 */
export function* openArchive(bytes: Uint8Array, path: string, limits: Partial<ArchiveLimits> = {}): Generator<ArchiveItem> {
  const walk = new Walk({ ...DEFAULT_ARCHIVE_LIMITS, ...limits });
  yield* walk.archive(bytes, path, 1);
}

/**
 * `openArchive` for a source: each member becomes what `toItem` makes of its bytes
 * (the source's own text or binary handling), each note a `SourceItem` note.
 */
export function* archiveSourceItems(
  bytes: Uint8Array,
  path: string,
  toItem: (path: string, bytes: Buffer) => SourceItem | undefined,
  limits: Partial<ArchiveLimits> = {},
): Generator<SourceItem> {
  for (const item of openArchive(bytes, path, limits)) {
    if ('note' in item) {
      yield { note: item.note };
      continue;
    }
    const { bytes: member } = item.member;
    const made = toItem(item.member.path, Buffer.from(member.buffer, member.byteOffset, member.byteLength));
    if (made) yield made;
  }
}

/** One archive on disk being opened: the budgets it has left. */
class Walk {
  private bytesLeft: number;
  private entriesLeft: number;
  /** Set when a budget for the whole archive ran out: nothing more is read. */
  private exhausted = false;

  constructor(private readonly limits: ArchiveLimits) {
    this.bytesLeft = limits.totalBytes;
    this.entriesLeft = limits.entries;
  }

  *archive(bytes: Uint8Array, path: string, depth: number): Generator<ArchiveItem> {
    const kind = detectArchive(bytes);
    if (kind === undefined) return;
    if (kind === 'zip') {
      yield* this.entries(zipEntries(bytes), path, depth);
    } else if (kind === 'tar') {
      yield* this.entries(tarEntries(bytes), path, depth);
    } else if (kind === 'gzip' || kind === 'bzip2') {
      yield* this.compressed(kind, bytes, path, depth);
    } else {
      yield note(path, `not opened: a ${UNSUPPORTED[kind] ?? kind} archive, which leakgate does not decompress`, 'allow.paths');
    }
  }

  /**
   * A gzip or bzip2 file: one member, or a tar (`.tgz`, `.tar.gz`, `.tar.bz2`),
   * whose members are listed under the compressed file's path.
   */
  private *compressed(kind: 'gzip' | 'bzip2', bytes: Uint8Array, path: string, depth: number): Generator<ArchiveItem> {
    // The whole stream is held, as a tar is read from it; the total budget bounds it.
    // RFC 1952 2.3.1: ISIZE, the last four bytes, is the size modulo 2^32 of the (last) member.
    const stated = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : 0;
    const bound = this.bound(this.bytesLeft);
    const got = kind === 'gzip' ? inflateBounded(bytes, 'gzip', bound, stated) : bunzip2Bounded(bytes, bound);
    if (!('bytes' in got)) {
      yield* this.refused(got, path, true);
      return;
    }
    this.bytesLeft -= got.bytes.length;
    if (got.trailing) yield note(path, `data after the end of the ${kind} stream was not scanned`, 'allow.paths');
    if (isTar(got.bytes)) {
      yield* this.entries(tarEntries(got.bytes), path, depth);
      return;
    }
    const name = kind === 'gzip' ? gzipName(bytes, path) : compressedName(path, /\.bz2$/i, /\.(tbz2?|tb2)$/i);
    const entry: ArchiveEntry = { name, inflates: false, extract: () => got };
    yield* this.entries([{ entry }], path, depth);
  }

  private *entries(items: Iterable<ReaderItem>, path: string, depth: number): Generator<ArchiveItem> {
    for (const item of items) {
      if (this.exhausted) return;
      if ('note' in item) {
        yield readerNote(item.note, path);
        continue;
      }
      const { entry } = item;
      const memberPath = `${path}!${entry.name}`;
      if (this.entriesLeft-- <= 0) {
        this.exhausted = true;
        yield note(memberPath, `not scanned, nor the members after it: more than ${this.limits.entries} members`, ARCHIVE_LIMIT_KEYS.entries);
        return;
      }
      // Only decompression spends the total budget: a tar or stored member is a view of bytes already held.
      const byTotal = entry.inflates && this.bytesLeft < this.limits.memberBytes;
      const got = entry.extract(this.bound(byTotal ? this.bytesLeft : this.limits.memberBytes));
      if (!('bytes' in got)) {
        yield* this.refused(got, memberPath, byTotal);
        continue;
      }
      if (got.inflated) this.bytesLeft -= got.bytes.length;
      if (got.bytes.length > this.limits.memberBytes) {
        // A gzip's single member, inflated under the total budget.
        yield note(memberPath, `not scanned: larger than ${formatBytes(this.limits.memberBytes)}`, ARCHIVE_LIMIT_KEYS.memberBytes);
        continue;
      }
      if (detectArchive(got.bytes) === undefined) {
        // A directory entry (a name ending in `/`) holds nothing; one that holds bytes is scanned.
        if (!(entry.name.endsWith('/') && got.bytes.length === 0)) yield { member: { path: memberPath, bytes: got.bytes } };
      } else if (depth >= this.limits.depth) {
        yield note(memberPath, `not opened: an archive nested more than ${this.limits.depth} deep`, ARCHIVE_LIMIT_KEYS.depth);
      } else {
        yield* this.archive(got.bytes, memberPath, depth + 1);
      }
    }
  }

  /** The note for an extraction that stopped at a budget or failed. */
  private *refused(got: Exclude<Extracted, { bytes: Uint8Array }>, path: string, byTotal: boolean): Generator<ArchiveItem> {
    if ('error' in got) {
      yield note(path, `not scanned: ${got.error}`, 'allow.paths');
    } else if (got.over === 'ratio') {
      yield note(path, `not scanned: decompresses to more than ${this.limits.ratio} times its size (a zip bomb?)`, ARCHIVE_LIMIT_KEYS.ratio);
    } else if (byTotal) {
      this.exhausted = true;
      const message = `not scanned, nor the rest of the archive: more than ${formatBytes(this.limits.totalBytes)} decompressed`;
      yield note(path, message, ARCHIVE_LIMIT_KEYS.totalBytes);
    } else {
      yield note(path, `not scanned: larger than ${formatBytes(this.limits.memberBytes)} decompressed`, ARCHIVE_LIMIT_KEYS.memberBytes);
    }
  }

  private bound(limit: number): Bound {
    return { limit, ratio: this.limits.ratio, ratioFloor: RATIO_FLOOR_BYTES };
  }
}

function note(path: string, message: string, setting: string): { note: ArchiveNote } {
  return { note: { path, message, level: 'unscanned', setting } };
}

function readerNote(problem: ReaderNote, path: string): { note: ArchiveNote } {
  return note(problem.name === undefined ? path : `${path}!${problem.name}`, `not scanned: ${problem.message}`, 'allow.paths');
}

/** RFC 1952 2.3.1: the original file name (FNAME), else the archive's own name without `.gz`. */
function gzipName(gzip: Uint8Array, path: string): string {
  const flags = gzip[3] ?? 0;
  let at = 10;
  if (flags & 4) at += 2 + ((gzip[10] ?? 0) | ((gzip[11] ?? 0) << 8));
  if (flags & 8) {
    const end = gzip.indexOf(0, at);
    // ISO 8859-1 by the RFC; only the last path component, as gunzip restores it.
    const name = end > at ? new TextDecoder('latin1').decode(gzip.subarray(at, end)) : '';
    const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    if (base !== '') return base;
  }
  return compressedName(path, /\.gz$/i, /\.tgz$/i);
}

/** A compressed file's own name without its suffix (`tar` ones end in `.tar`), else `content`. */
function compressedName(path: string, suffix: RegExp, tarSuffix: RegExp): string {
  const own = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
  const stripped = own.replace(suffix, '').replace(tarSuffix, '.tar');
  return stripped !== own && stripped !== '' ? stripped : 'content';
}
