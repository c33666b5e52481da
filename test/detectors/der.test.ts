import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IGNORE_CONTEXT } from '../../src/detectors/detector.js';
import { isPublicDer } from '../../src/detectors/der.js';
import { entropyDetector } from '../../src/detectors/entropy.js';

const detect = entropyDetector();
const secretsIn = (text: string, path = 'registry.js'): string[] => detect({ path, text }, IGNORE_CONTEXT).map((f) => f.secret);

describe('public key material in DER', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });

  it('recognises public keys (SubjectPublicKeyInfo) and certificates', () => {
    for (const pair of [ec, ed, rsa]) expect(isPublicDer(pair.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    // A minimal certificate shape: SEQUENCE { SEQUENCE { [0] version, serial }, AlgorithmIdentifier, BIT STRING }.
    const certificate = Buffer.from('3014' + '3008a003020102020101' + '300406022a03' + '03020000', 'hex');
    expect(isPublicDer(certificate)).toBe(true);
    expect(isPublicDer(certificate.subarray(0, certificate.length - 1))).toBe(false); // lengths that do not add up
  });

  it('never takes a private key for public', () => {
    for (const pair of [ec, ed, rsa]) {
      expect(isPublicDer(pair.privateKey.export({ type: 'pkcs8', format: 'der' }))).toBe(false);
    }
    expect(isPublicDer(rsa.privateKey.export({ type: 'pkcs1', format: 'der' }))).toBe(false);
    expect(isPublicDer(Buffer.from('not der at all'))).toBe(false);
  });

  it('leaves a base64 public key under a `key` name alone, and reports a private one', () => {
    const publicKey = ec.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const privateKey = ec.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(secretsIn(`  keytype: "ecdsa-sha2-nistp256",\n  key: "${publicKey}"`)).toEqual([]);
    expect(secretsIn(`  signing_key: "${privateKey}"`)).toEqual([privateKey]);
  });

  it('leaves a password that is base64 of a sentence alone', () => {
    const encoded = Buffer.from('this is not a real password').toString('base64');
    expect(secretsIn(`  password: '${encoded}',`, 'README.md')).toEqual([]);
  });
});
