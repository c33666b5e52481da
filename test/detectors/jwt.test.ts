import { describe, expect, it } from 'vitest';
import { judgeJwt } from '../../src/detectors/jwt.js';
import { scanFragments } from '../helpers/engine.js';
import { randomBase62 } from '../helpers/secrets.js';

const segment = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: object, payload: object, seed = 1): string => `${segment(header)}.${segment(payload)}.${randomBase62(43, seed)}`;
const HS256 = { alg: 'HS256', typ: 'JWT' };

describe('what a JWT says about itself', () => {
  it('tells tokens, documentation examples, public keys and look-alikes apart', () => {
    expect(judgeJwt(jwt(HS256, { sub: 'u-81', exp: 1900000000 }))).toBe('token');
    expect(judgeJwt(jwt(HS256, { some: 'payload' }))).toBe('example');
    expect(judgeJwt(jwt(HS256, { iss: 'supabase', role: 'anon', iat: 1700000000 }))).toBe('public');
    expect(judgeJwt(jwt({ typ: 'JWT' }, { sub: 'u-81' }))).toBe('not-a-token');
    expect(judgeJwt(`eyJ${randomBase62(30, 2)}.eyJ${randomBase62(40, 3)}.${randomBase62(43, 4)}`)).toBe('not-a-token');
    expect(judgeJwt(randomBase62(40, 5))).toBeUndefined();
  });

  it('reports a real token, lowers an example or a public key, and drops what is not a token', async () => {
    const token = jwt(HS256, { sub: 'u-81', exp: 1900000000 }, 6);
    const example = jwt(HS256, { some: 'payload' }, 7);
    const anon = jwt(HS256, { iss: 'supabase', role: 'anon', iat: 1700000000 }, 8);
    const lookalike = `eyJ${randomBase62(30, 9)}.eyJ${randomBase62(40, 10)}.${randomBase62(43, 11)}`;
    const text = [token, example, anon, lookalike].map((t) => `- ${t}`).join('\n');
    const result = await scanFragments([{ path: 'docs/api.md', text }]);
    expect(result.findings.map((f) => [f.ruleId, f.confidence, f.line])).toEqual([
      ['jwt', 'medium', 1],
      ['jwt', 'low', 2],
      ['jwt', 'low', 3],
    ]);
  });
});
