/**
 * Key stores committed as files (PKCS#12, Java key stores): binary, so no text
 * detector sees them, but a leak by their type alone. Reported at line 1, with the
 * blob's id as the "secret" so that a new version of the file is a new finding.
 */
import { isKeyStore } from '../structured-files.js';
import type { Detector } from './detector.js';

export const KEY_STORE_RULE_ID = 'private-key-store';

export const keyStoreDetector: Detector = (fragment) => {
  if (!fragment.binary || !isKeyStore(fragment.path)) return [];
  return [
    {
      ruleId: KEY_STORE_RULE_ID,
      title: 'Private key store (PKCS#12 or Java key store) committed',
      severity: 'high',
      confidence: 'high',
      start: 0,
      end: 0,
      secret: `key-store:${fragment.blob ?? fragment.path}`,
    },
  ];
};
