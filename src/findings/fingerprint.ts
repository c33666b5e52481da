import { nodeCrypto } from '../lazy-builtins.js';

/**
 * A finding's identity: rule, path and the secret itself, never the line, so an
 * allowlist entry survives code moving, and a different secret on the same line
 * is a different finding. Only a hash is ever stored.
 */
export function fingerprint(ruleId: string, path: string, secret: string): string {
  return `lg1:${nodeCrypto().createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32)}`;
}
