import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkKeyStore } from '../../src/detectors/key-store-password.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/keystores/${name}`, import.meta.url));

describe('checkKeyStore', () => {
  it('opens stores that a well-known password protects', () => {
    expect(checkKeyStore(fixture('gcp-default.p12'))).toEqual({ kind: 'open', format: 'PKCS#12', password: 'notasecret' });
    expect(checkKeyStore(fixture('default.jks'))).toEqual({ kind: 'open', format: 'JKS', password: 'changeit' });
  });

  it('leaves stores under a password of their own', () => {
    expect(checkKeyStore(fixture('own-password.p12'))).toEqual({ kind: 'protected', format: 'PKCS#12' });
    expect(checkKeyStore(fixture('own-password.jks'))).toEqual({ kind: 'protected', format: 'JKS' });
  });

  it('says unknown for damaged or foreign files, without throwing', () => {
    const p12 = fixture('gcp-default.p12');
    expect(checkKeyStore(p12.subarray(0, 200)).kind).toBe('unknown');
    expect(checkKeyStore(Buffer.alloc(0)).kind).toBe('unknown');
    expect(checkKeyStore(Buffer.from('not a key store at all')).kind).toBe('unknown');
    const tampered = Buffer.from(fixture('default.jks'));
    tampered[tampered.length - 1]! ^= 0xff;
    expect(checkKeyStore(tampered)).toEqual({ kind: 'protected', format: 'JKS' });
  });
});
