/**
 * Offline checksum validation for token formats that carry one.
 *
 * GitHub (2021 format) and npm (2021 format) tokens end in six base62 characters
 * encoding the CRC-32 of the 30 random characters that follow the 4-character
 * prefix (github.blog 2021-04-05 "Behind GitHub's new authentication token formats";
 * npm changelog 2021-09-23).
 *
 * NATS nkey seeds are the RFC 4648 base32 (no padding) of two prefix bytes, the
 * 32-byte Ed25519 seed and a CRC-16 (XMODEM: polynomial 0x1021, initial value 0,
 * stored little-endian) of the 34 bytes before it; the first prefix byte's top
 * five bits are 18, which encodes to `S` (github.com/nats-io/nkeys, `strkey.go`).
 *
 * Discord bot tokens carry no checksum, but their first part is the base64 of the
 * bot's user id, a decimal snowflake (discord.com/developers/docs/reference,
 * "Snowflakes"): a first part that does not decode to one is not a Discord token.
 */

export type ChecksumId = 'github-crc32' | 'npm-crc32' | 'nkey-crc16' | 'discord-user-id';
export const CHECKSUM_IDS: readonly ChecksumId[] = ['github-crc32', 'npm-crc32', 'nkey-crc16', 'discord-user-id'];

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

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding; undefined when a character is outside the alphabet. */
export function base32Decode(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) return undefined;
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >>> bits) & 0xff;
    }
  }
  return out;
}

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** CRC-16/XMODEM, as nkeys computes it. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The seed prefix byte's top five bits (`S` in base32). */
const NKEY_SEED_PREFIX = 18 << 3;

function validNkeySeed(seed: string): boolean {
  const raw = seed.length === 58 ? base32Decode(seed) : undefined;
  if (!raw || raw.length !== 36 || (raw[0]! & 0xf8) !== NKEY_SEED_PREFIX) return false;
  return crc16(raw.subarray(0, 34)) === (raw[34]! | (raw[35]! << 8));
}

/** Snowflakes of users created from 2015 on: 17 to 20 decimal digits. */
const SNOWFLAKE = /^[1-9][0-9]{16,19}$/;

function validDiscordUserId(token: string): boolean {
  const id = token.slice(0, token.indexOf('.'));
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return false;
  return SNOWFLAKE.test(Buffer.from(id, 'base64url').toString('latin1'));
}

export function validateChecksum(id: ChecksumId, secret: string): boolean {
  switch (id) {
    case 'github-crc32':
    case 'npm-crc32':
      return validPrefixedCrc32(secret);
    case 'nkey-crc16':
      return validNkeySeed(secret);
    case 'discord-user-id':
      return validDiscordUserId(secret);
  }
}
