/**
 * Confidence as the whole engine reports it: format matches written by hand for
 * documentation (runs, stand-in key bodies) stay reported, one level down.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanFragments } from '../helpers/engine.js';
import { randomBase62 } from '../helpers/secrets.js';

async function found(path: string, text: string): Promise<[string, string, number][]> {
  const result = await scanFragments([{ path, text }], false);
  return result.findings.map((f) => [f.ruleId, f.confidence, f.line]);
}

describe('encoded values', () => {
  it('decodes a base64 value assigned in a dotenv file and names what it holds', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const result = await scanFragments([{ path: 'deploy/.env', text: `SIGNING_KEY_B64=${Buffer.from(pem).toString('base64')}\n` }], false);
    expect(result.findings.map((f) => [f.ruleId, f.confidence, f.line, f.decoded])).toEqual([['private-key-pkcs8', 'medium', 1, ['base64']]]);
  });
});

describe('confidence of format matches', () => {
  it('reports a key block whose body is too short for any key with low confidence', async () => {
    const stub = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBase62(56, 4)}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(await found('deploy/id_ed25519', stub)).toEqual([['private-key-openssh', 'low', 1]]);
  });

  it('tells a run of descending digits in a token from a random body', async () => {
    const handMade = 'dapiFEDCBA9876543210FEDCBA9876543210'; // leakgate:allow (hand-written test input)
    const random = `dapi${Buffer.from(randomBase62(16, 12)).toString('hex')}`;
    expect(await found('notes.txt', `a ${handMade}\nb ${random}\n`)).toEqual([
      ['databricks-pat', 'low', 1],
      ['databricks-pat', 'medium', 2],
    ]);
  });
});
