/**
 * Strict decoders for the encodings secrets hide behind. Each returns undefined
 * for input that is not exactly that encoding, so a decoder never invents text.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/**
 * Standard base64 with padding, as the Kubernetes API server accepts in a
 * Secret's `data` (Go's StdEncoding, which also ignores line breaks).
 */
export function decodeBase64Strict(value: string): Buffer | undefined {
  const compact = value.includes('\n') || value.includes('\r') ? value.replace(/[\r\n]/g, '') : value;
  return BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}

export function decodeBase64Url(value: string): Buffer | undefined {
  if (!BASE64URL.test(value) || value.length % 4 === 1) return undefined;
  return Buffer.from(value.replace(/=+$/, ''), 'base64url');
}

export function decodeHex(value: string): Buffer | undefined {
  return HEX.test(value) ? Buffer.from(value, 'hex') : undefined;
}

export function decodePercent(value: string): string | undefined {
  if (!/%[0-9a-fA-F]{2}/.test(value)) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes as text when they are text: valid UTF-8 without control characters
 * other than tab, newline and carriage return. Binary (a keystore, a DER key) is undefined.
 */
export function asText(bytes: Buffer): string | undefined {
  // Control characters first, on the bytes: UTF-8 writes them as themselves and never
  // uses those bytes inside a longer sequence, so this is the same test as on the text,
  // and binary (most decoded candidates) fails it in its first bytes, before a decode
  // that would end in an exception.
  for (let i = 0; i < bytes.length; i++) if (CONTROL_BYTE[bytes[i]!] === 1) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The bytes of the control characters text may not hold (all but tab, newline and carriage return). */
const CONTROL_BYTE = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte++) if (byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) CONTROL_BYTE[byte] = 1;
CONTROL_BYTE[0x7f] = 1;

/** Strict base64 that decodes to text, as text; anything else is undefined. */
export function base64Text(value: string): string | undefined {
  const bytes = decodeBase64Strict(value);
  return bytes ? asText(bytes) : undefined;
}

/**
 * `user:password` in base64, as HTTP Basic credentials and Docker's `auth` carry
 * them (RFC 7617: the user ends at the first colon). Undefined without a colon.
 */
export function base64UserPassword(value: string): { readonly user: string; readonly password: string } | undefined {
  const text = base64Text(value);
  const colon = text?.indexOf(':') ?? -1;
  return text !== undefined && colon >= 0 ? { user: text.slice(0, colon), password: text.slice(colon + 1) } : undefined;
}
