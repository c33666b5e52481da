/**
 * Just enough DER to tell public material from private: a SubjectPublicKeyInfo
 * (what `-----BEGIN PUBLIC KEY-----` wraps, and what registries publish as a
 * bare base64 `key`) or an X.509 certificate. A PKCS#8 or PKCS#1 private key
 * starts its outer SEQUENCE with an INTEGER (the version), so it never passes.
 */

interface Element {
  readonly tag: number;
  /** Offset of the contents. */
  readonly start: number;
  /** Offset just past the contents. */
  readonly end: number;
}

function element(bytes: Uint8Array, at: number, limit: number): Element | undefined {
  if (at + 2 > limit) return undefined;
  const tag = bytes[at]!;
  let length = bytes[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3 || start + octets > limit) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[start + i]!;
    start += octets;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;
const BIT_STRING = 0x03;
/** `[0]`, the explicit version that opens a certificate's TBSCertificate. */
const CONTEXT_0 = 0xa0;

/** True when `bytes` is exactly a SubjectPublicKeyInfo or an X.509 certificate. */
export function isPublicDer(bytes: Uint8Array): boolean {
  const outer = element(bytes, 0, bytes.length);
  if (!outer || outer.tag !== SEQUENCE || outer.end !== bytes.length) return false;
  const first = element(bytes, outer.start, outer.end);
  if (!first || first.tag !== SEQUENCE) return false;
  const inner = element(bytes, first.start, first.end);
  if (!inner) return false;
  // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier SEQUENCE { OID, ... }, BIT STRING }.
  if (inner.tag === OBJECT_IDENTIFIER) {
    const key = element(bytes, first.end, outer.end);
    return key !== undefined && key.tag === BIT_STRING && key.end === outer.end;
  }
  // Certificate: SEQUENCE { TBSCertificate SEQUENCE { [0] version, ... }, AlgorithmIdentifier, BIT STRING }.
  return inner.tag === CONTEXT_0;
}
