/**
 * Offline validation of NATS nkey seeds (base32, CRC-16/XMODEM little-endian) and
 * of Discord bot tokens (the first part is the base64 of a user id), with tokens
 * built here from their definition.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, crc16, validateChecksum } from '../../src/patterns/checksum.js';

/** nkeys' type prefix bytes: user, account, operator, server, cluster, curve. */
const TYPES = { U: 20 << 3, A: 0, O: 14 << 3, N: 13 << 3, C: 2 << 3, X: 23 << 3 } as const;

function nkeySeed(type: keyof typeof TYPES): string {
  const prefix = TYPES[type];
  const raw = new Uint8Array(36);
  raw[0] = (18 << 3) | (prefix >> 5);
  raw[1] = (prefix & 31) << 3;
  raw.set(randomBytes(32), 2);
  const crc = crc16(raw.subarray(0, 34));
  raw[34] = crc & 0xff;
  raw[35] = crc >> 8;
  return base32Encode(raw);
}

describe('nkey-crc16', () => {
  it('CRC-16/XMODEM of "123456789" is 0x31C3 (its check value)', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });

  it('base32 round-trips', () => {
    const bytes = randomBytes(36);
    expect(Buffer.from(base32Decode(base32Encode(bytes))!)).toEqual(bytes);
    expect(base32Decode('AB1C')).toBeUndefined();
  });

  it.each(Object.keys(TYPES) as (keyof typeof TYPES)[])('accepts a seed of type %s, 58 characters starting S%sA', (type) => {
    const seed = nkeySeed(type);
    expect(seed).toMatch(new RegExp(`^S${type}A[A-Z2-7]{55}$`));
    expect(validateChecksum('nkey-crc16', seed)).toBe(true);
  });

  it('rejects a changed character, a cut seed and a public key', () => {
    const seed = nkeySeed('U');
    const changed = seed.slice(0, 20) + (seed[20] === 'A' ? 'B' : 'A') + seed.slice(21);
    expect(validateChecksum('nkey-crc16', changed)).toBe(false);
    expect(validateChecksum('nkey-crc16', seed.slice(0, 57))).toBe(false);
    expect(validateChecksum('nkey-crc16', `U${seed.slice(1)}`)).toBe(false);
  });
});

describe('discord-user-id', () => {
  const token = (id: string) => `${Buffer.from(id).toString('base64url')}.${randomBytes(6).toString('base64url').slice(0, 6)}.${randomBytes(30).toString('base64url').slice(0, 38)}`;

  it.each(['81384788765712384', '1021189600710576442', '10211896007105764421'])('accepts the token of user id %s', (id) => {
    expect(validateChecksum('discord-user-id', token(id))).toBe(true);
  });

  it.each(['0773652075016770984', '77365207501677098a', '1234567890', '1021189600710576442x'])('rejects a first part that decodes to %s', (id) => {
    expect(validateChecksum('discord-user-id', token(id))).toBe(false);
  });
});
