/**
 * Whether a committed key store can be opened with a password everyone knows.
 * A PKCS#12 bundle from a Google Cloud service account is protected by
 * "notasecret"; Java's default store password is "changeit"; Android's debug key
 * store uses "android". Such a file is a private key in clear for anyone who
 * reads the repository; one under a password of its own is not reported.
 *
 * PKCS#12 (RFC 7292): the MAC over the authenticated safe is an HMAC keyed by the
 * PKCS#12 key derivation (appendix B.2) of the password. Java key stores (JKS,
 * JCEKS) end in a SHA-1 of the password (UTF-16BE), the words "Mighty Aphrodite"
 * and the store's contents.
 */
import { nodeCrypto } from '../lazy-builtins.js';

export const WELL_KNOWN_PASSWORDS = ['notasecret', '', 'changeit', 'android', 'password', 'changeme', 'secret'];

/** More derivation rounds than this are not tried: a file may not make a scan slow. */
const MAX_ITERATIONS = 100_000;

export type KeyStoreVerdict =
  | { readonly kind: 'open'; readonly format: string; readonly password: string }
  | { readonly kind: 'protected' | 'unknown'; readonly format?: string };

export function checkKeyStore(bytes: Uint8Array): KeyStoreVerdict {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 4) {
    const magic = buffer.readUInt32BE(0);
    if (magic === 0xfeedfeed || magic === 0xcececece) return checkJavaKeyStore(buffer, magic === 0xfeedfeed ? 'JKS' : 'JCEKS');
  }
  try {
    return checkPkcs12(buffer);
  } catch {
    return { kind: 'unknown' };
  }
}

function checkJavaKeyStore(buffer: Buffer, format: string): KeyStoreVerdict {
  if (buffer.length < 32) return { kind: 'unknown', format };
  const body = buffer.subarray(0, buffer.length - 20);
  const digest = buffer.subarray(buffer.length - 20);
  for (const password of WELL_KNOWN_PASSWORDS) {
    const hash = nodeCrypto().createHash('sha1').update(utf16be(password, false)).update('Mighty Aphrodite', 'utf8').update(body).digest();
    if (hash.equals(digest)) return { kind: 'open', format, password };
  }
  return { kind: 'protected', format };
}

// --- PKCS#12 ----------------------------------------------------------------------

interface Tlv {
  readonly tag: number;
  /** Offset of the contents. */
  readonly start: number;
  readonly end: number;
}

function readTlv(buffer: Buffer, at: number): Tlv {
  const tag = buffer[at]!;
  let length = buffer[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buffer[start + i]!;
    start += bytes;
  }
  if (start + length > buffer.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

/** The elements of a constructed value. */
function children(buffer: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const child = readTlv(buffer, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const OCTET_STRING = 0x04;
const INTEGER = 0x02;
const OID = 0x06;

/** Digest algorithms by the DER contents of their object identifiers: [name, block size]. */
const DIGESTS: Record<string, readonly [string, number]> = {
  '2b0e03021a': ['sha1', 64],
  '608648016503040204': ['sha224', 64],
  '608648016503040201': ['sha256', 64],
  '608648016503040202': ['sha384', 128],
  '608648016503040203': ['sha512', 128],
};

function checkPkcs12(buffer: Buffer): KeyStoreVerdict {
  const pfx = readTlv(buffer, 0);
  if (pfx.tag !== SEQUENCE) return { kind: 'unknown' };
  const [version, authSafe, macData] = children(buffer, pfx);
  if (version?.tag !== INTEGER || authSafe?.tag !== SEQUENCE) return { kind: 'unknown' };
  // ContentInfo { contentType OID, [0] EXPLICIT OCTET STRING }
  const [, explicit] = children(buffer, authSafe);
  const content = explicit ? children(buffer, explicit)[0] : undefined;
  if (content?.tag !== OCTET_STRING) return { kind: 'unknown', format: 'PKCS#12' };
  if (macData?.tag !== SEQUENCE) return { kind: 'protected', format: 'PKCS#12' };
  const [digestInfo, salt, iterationsTlv] = children(buffer, macData);
  if (digestInfo?.tag !== SEQUENCE || salt?.tag !== OCTET_STRING) return { kind: 'unknown', format: 'PKCS#12' };
  const [algorithm, mac] = children(buffer, digestInfo);
  const oid = algorithm ? children(buffer, algorithm)[0] : undefined;
  if (oid?.tag !== OID || mac?.tag !== OCTET_STRING) return { kind: 'unknown', format: 'PKCS#12' };
  const digest = DIGESTS[buffer.toString('hex', oid.start, oid.end)];
  if (!digest) return { kind: 'protected', format: 'PKCS#12' };
  let iterations = 1;
  if (iterationsTlv?.tag === INTEGER) {
    iterations = 0;
    for (let i = iterationsTlv.start; i < iterationsTlv.end; i++) iterations = iterations * 256 + buffer[i]!;
  }
  if (iterations < 1 || iterations > MAX_ITERATIONS) return { kind: 'protected', format: 'PKCS#12' };
  const [hash, blockSize] = digest;
  const expected = buffer.subarray(mac.start, mac.end);
  const data = buffer.subarray(content.start, content.end);
  const saltBytes = buffer.subarray(salt.start, salt.end);
  for (const password of WELL_KNOWN_PASSWORDS) {
    // An empty password is written either as the bare terminator or as nothing at all.
    const encodings = password === '' ? [utf16be('', true), Buffer.alloc(0)] : [utf16be(password, true)];
    for (const encoded of encodings) {
      const key = pkcs12Key(hash, blockSize, encoded, saltBytes, iterations, expected.length);
      if (nodeCrypto().createHmac(hash, key).update(data).digest().equals(expected)) return { kind: 'open', format: 'PKCS#12', password };
    }
  }
  return { kind: 'protected', format: 'PKCS#12' };
}

/** RFC 7292 B.2 with ID 3 (MAC key), for a key no longer than one hash output. */
function pkcs12Key(hash: string, blockSize: number, password: Buffer, salt: Buffer, iterations: number, length: number): Buffer {
  const fill = (source: Buffer): Buffer => {
    if (source.length === 0) return source;
    const out = Buffer.alloc(blockSize * Math.ceil(source.length / blockSize));
    for (let i = 0; i < out.length; i++) out[i] = source[i % source.length]!;
    return out;
  };
  const { createHash } = nodeCrypto();
  let block = createHash(hash).update(Buffer.alloc(blockSize, 3)).update(fill(salt)).update(fill(password)).digest();
  for (let i = 1; i < iterations; i++) block = createHash(hash).update(block).digest();
  return block.subarray(0, length);
}

function utf16be(text: string, terminated: boolean): Buffer {
  const out = Buffer.alloc(text.length * 2 + (terminated ? 2 : 0));
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}
