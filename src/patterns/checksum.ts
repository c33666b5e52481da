/**
 * Offline checksum validation for token formats that carry one.
 *
 * GitHub (2021 format) and npm (2021 format) tokens end in six base62 characters
 * encoding the CRC-32 of the 30 random characters that follow the 4-character
 * prefix (github.blog 2021-04-05 "Behind GitHub's new authentication token formats";
 * npm changelog 2021-09-23).
 */

export type ChecksumId = 'github-crc32' | 'npm-crc32';
export const CHECKSUM_IDS: readonly ChecksumId[] = ['github-crc32', 'npm-crc32'];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let crcTable: Uint32Array | undefined;

export function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = crcTable[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** `prefix_` + 30 random base62 + 6 base62 checksum characters. */
function validPrefixedCrc32(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

export function validateChecksum(id: ChecksumId, secret: string): boolean {
  switch (id) {
    case 'github-crc32':
    case 'npm-crc32':
      return validPrefixedCrc32(secret);
  }
}
