/**
 * What a JSON Web Token's own parts say about it (RFC 7519): a string shaped like
 * one whose header is not JSON naming an algorithm is not a token at all; one
 * whose payload carries none of the registered claims (`{"some": "payload"}`)
 * was written for documentation; a Supabase `anon` key is public by design.
 */
import { asText, decodeBase64Url } from './encoding.js';

/** `header.payload.signature`, base64url, header and payload JSON objects (`eyJ` = `{"`). */
const SHAPE = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/;
/** RFC 7519 section 4.1. */
const REGISTERED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];

export type JwtVerdict = 'not-a-token' | 'example' | 'public' | 'token';

/** `undefined` when `secret` is not shaped like a JWT (the caller's rule is about something else). */
export function judgeJwt(secret: string): JwtVerdict | undefined {
  if (!SHAPE.test(secret)) return undefined;
  const [header, payload] = secret.split('.').slice(0, 2).map(parseSegment);
  if (!header || typeof header.alg !== 'string') return 'not-a-token';
  if (!payload) return 'not-a-token';
  if (payload.role === 'anon') return 'public';
  return REGISTERED_CLAIMS.some((claim) => claim in payload) ? 'token' : 'example';
}

function parseSegment(segment: string | undefined): Record<string, unknown> | undefined {
  const bytes = segment === undefined ? undefined : decodeBase64Url(segment);
  const text = bytes ? asText(bytes) : undefined;
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
