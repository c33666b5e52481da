/**
 * Key stores committed as files (PKCS#12, Java key stores): binary, so no text
 * detector sees them. One that a well-known password opens (a Google Cloud
 * service account's "notasecret", Java's "changeit") is a private key in clear;
 * one under a password of its own is left alone. Reported at line 1, with the
 * blob's id as the "secret", so that a new version of the file is a new finding.
 */
import { isKeyStore } from '../structured-files.js';
import type { Detector } from './detector.js';
import { checkKeyStore } from './key-store-password.js';

export const KEY_STORE_RULE_ID = 'private-key-store';

export const keyStoreDetector: Detector = (fragment) => {
  if (!fragment.binary || !fragment.bytes || !isKeyStore(fragment.path)) return [];
  const verdict = checkKeyStore(fragment.bytes);
  if (verdict.kind !== 'open') return [];
  const password = verdict.password === '' ? 'an empty password' : `the well-known password "${verdict.password}"`;
  return [
    {
      ruleId: KEY_STORE_RULE_ID,
      title: `${verdict.format} key store that ${password} opens: its private keys are readable by anyone`,
      severity: 'critical',
      confidence: 'high',
      start: 0,
      end: 0,
      secret: `key-store:${fragment.blob ?? fragment.path}`,
    },
  ];
};
