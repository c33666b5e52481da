/**
 * Container registry credentials in a Docker client config (`~/.docker/config.json`,
 * `.dockercfg`, a CI variable holding one): `"auth"` is base64 of `user:password`,
 * encoding and not encryption. Kubernetes pull Secrets are read by the manifest
 * detector, which knows their layers; this one reads the JSON text as it is.
 */
import type { Confidence, RawFinding } from '../types.js';
import type { Detector } from './detector.js';
import { base64UserPassword } from './encoding.js';
import { isPlaceholderValue } from './filters.js';

export const REGISTRY_AUTH_RULE_ID = 'registry-credential';

/** `"auth": "<base64>"`, with the quotes of JSON or of JSON inside a string. Group 1 is the base64. */
const AUTH = /\\?"auth\\?"\s*:\s*\\?"([A-Za-z0-9+/]{8,8192}={0,2})\\?"/g;

export const registryAuthDetector: Detector = (fragment) => {
  // `"auth"` as a JSON key, or `\"auth\"` in JSON inside a string.
  if (!fragment.text.includes('auth"') && !fragment.text.includes('auth\\"')) return [];
  const findings: RawFinding[] = [];
  for (const match of fragment.text.matchAll(AUTH)) {
    const encoded = match[1]!;
    const credentials = base64UserPassword(encoded);
    if (!credentials || credentials.user === '') continue;
    const { user, password } = credentials;
    if (isPlaceholderValue(password) || password === user) continue;
    const start = match.index + match[0].lastIndexOf(encoded);
    findings.push({
      ruleId: REGISTRY_AUTH_RULE_ID,
      title: 'Container registry credential (base64 `user:password` in `auth`)',
      severity: 'high',
      confidence: confidenceOf(password),
      start,
      end: start + encoded.length,
      secret: encoded,
      decoded: ['json:auth', 'base64'],
    });
  }
  return findings;
};

/** A token or a long mixed password is surely one; a short or plain word may be a stand-in. */
function confidenceOf(password: string): Confidence {
  const mixed = /[0-9]/.test(password) && /[A-Za-z]/.test(password);
  return password.length >= 16 && mixed ? 'high' : password.length >= 8 && mixed ? 'medium' : 'low';
}
