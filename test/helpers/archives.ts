/**
 * Archives built at test time: zips and gzips by fflate, tars by tar-stream (a
 * writer independent of leakgate's reader), and zips written entry by entry for
 * the shapes no archiver makes on purpose (overlapping entries, a compressed
 * stream of any size).
 */
import { constants, deflateRawSync } from 'node:zlib';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { pack } from 'tar-stream';

export type Content = string | Uint8Array;

const bytes = (content: Content): Uint8Array => (typeof content === 'string' ? strToU8(content) : content);

/** A zip as archivers write it; `level: 0` stores members uncompressed. */
export function zip(files: Record<string, Content>, level: 0 | 6 | 9 = 6): Uint8Array {
  const input: Zippable = {};
  for (const [name, content] of Object.entries(files)) input[name] = [bytes(content), { level }];
  return zipSync(input, { mtime: new Date('2024-01-01T00:00:00Z') });
}

/** A tar with POSIX ustar headers (pax headers for long names), written by tar-stream. */
export async function tar(files: Record<string, Content>): Promise<Uint8Array> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name, mtime: new Date('2024-01-01T00:00:00Z') }, Buffer.from(bytes(content)));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export interface RawEntry {
  readonly name: string;
  /** 0 stored, 8 DEFLATE, or any other method number. */
  readonly method: number;
  /** The member's data as stored in the archive (already compressed for method 8). */
  readonly data: Uint8Array;
  readonly size: number;
  /** General purpose flags; bit 0 marks an encrypted member. */
  readonly flags?: number;
}

/**
 * A zip written field by field (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16). With
 * `overlap`, every central directory entry points at the first entry's data, as
 * the non-recursive zip bombs do. CRC fields are 0: leakgate does not check them.
 */
export function rawZip(entries: readonly RawEntry[], options: { overlap?: boolean; zip64?: 'saturated' | 'beside' } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const offsets: number[] = [];
  entries.forEach((entry, i) => {
    const name = strToU8(entry.name);
    offsets.push(options.overlap ? 0 : offset);
    if (options.overlap && i > 0) return;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, entry.flags ?? 0, true);
    local.setUint16(8, entry.method, true);
    local.setUint32(18, entry.data.length, true);
    local.setUint32(22, entry.size, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, entry.data);
    offset += 30 + name.length + entry.data.length;
  });
  const directoryStart = offset;
  entries.forEach((entry, i) => {
    const name = strToU8(entry.name);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(8, entry.flags ?? 0, true);
    header.setUint16(10, entry.method, true);
    header.setUint32(20, entry.data.length, true);
    header.setUint32(24, entry.size, true);
    header.setUint16(28, name.length, true);
    header.setUint32(42, offsets[i]!, true);
    central.push(new Uint8Array(header.buffer), name);
  });
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  // APPNOTE 4.3.14-15: the Zip64 end record and its locator, before the end record;
  // `saturated` sets the end record's fields to their "see Zip64" values, `beside`
  // keeps them real (as Info-ZIP does for a member read from a pipe).
  const zip64: Uint8Array[] = [];
  if (options.zip64) {
    const record = new DataView(new ArrayBuffer(56));
    record.setUint32(0, 0x06064b50, true);
    record.setBigUint64(4, 44n, true);
    record.setUint16(12, 45, true);
    record.setUint16(14, 45, true);
    record.setBigUint64(24, BigInt(entries.length), true);
    record.setBigUint64(32, BigInt(entries.length), true);
    record.setBigUint64(40, BigInt(directorySize), true);
    record.setBigUint64(48, BigInt(directoryStart), true);
    const locator = new DataView(new ArrayBuffer(20));
    locator.setUint32(0, 0x07064b50, true);
    locator.setBigUint64(8, BigInt(directoryStart + directorySize), true);
    locator.setUint32(16, 1, true);
    zip64.push(new Uint8Array(record.buffer), new Uint8Array(locator.buffer));
  }
  const saturated = options.zip64 === 'saturated';
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, saturated ? 0xffff : entries.length, true);
  end.setUint16(10, saturated ? 0xffff : entries.length, true);
  end.setUint32(12, saturated ? 0xffffffff : directorySize, true);
  end.setUint32(16, saturated ? 0xffffffff : directoryStart, true);
  return concat([...parts, ...central, ...zip64, new Uint8Array(end.buffer)]);
}

/**
 * Raw DEFLATE for `mebibytes` MiB of zeros, made without ever holding them: one
 * MiB compressed with a sync flush (byte-aligned, not final) repeated, then an
 * empty final stored block (RFC 1951 3.2.4).
 */
export function zerosDeflated(mebibytes: number): Uint8Array {
  const block = deflateRawSync(new Uint8Array(1024 * 1024), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const parts: Uint8Array[] = [];
  for (let i = 0; i < mebibytes; i++) parts.push(block);
  parts.push(new Uint8Array([0x01, 0x00, 0x00, 0xff, 0xff]));
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * A tar in GNU tar's old format (magic `ustar  \0`, no path prefix), a name
 * longer than 100 bytes carried by a `././@LongLink` entry of type `L`, as
 * `tar --format=oldgnu` writes (GNU tar manual, "Basic Tar Format").
 */
export function oldGnuTar(files: Record<string, Content>): Uint8Array {
  const blocks: Uint8Array[] = [];
  const entry = (name: string, type: string, data: Uint8Array) => {
    const header = new Uint8Array(512);
    const put = (at: number, text: string) => header.set(strToU8(text).subarray(0, text.length), at);
    put(0, name.slice(0, 99));
    put(100, '0000644\0');
    put(108, '0000000\0');
    put(116, '0000000\0');
    put(124, `${data.length.toString(8).padStart(11, '0')}\0`);
    put(136, '00000000000\0');
    put(156, type);
    put(257, 'ustar  \0');
    put(148, '        ');
    const sum = header.reduce((total, byte) => total + byte, 0);
    put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  };
  for (const [name, content] of Object.entries(files)) {
    if (strToU8(name).length > 100) entry('././@LongLink', 'L', strToU8(`${name}\0`));
    entry(name, '0', bytes(content));
  }
  blocks.push(new Uint8Array(1024));
  return concat(blocks);
}
