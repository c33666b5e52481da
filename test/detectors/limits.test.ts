/**
 * Inputs built to blow up time or memory finish with a note. No timing is
 * asserted here (speed belongs to the benchmarks); the bound is structural: a
 * depth limit, a byte cap, aliases never expanded. Each test's completion within
 * the suite's timeout is the only clock.
 */
import { describe, expect, it } from 'vitest';
import { scanFragments } from '../helpers/engine.js';
import { githubToken } from '../helpers/secrets.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function nest(text: string, levels: number): string {
  let out = text;
  for (let i = 0; i < levels; i++) out = b64(out);
  return out;
}

describe('bounded decoding', () => {
  it('does not expand a YAML alias bomb', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  x: y\n---\n${lines.join('\n')}\n`;
    const result = await scanFragments([{ path: 'bomb.yaml', text }]);
    expect(result.findings).toEqual([]);
    // Nothing reads the second document's keys: no alias is followed, so none is reported.
    expect(result.notes).toEqual([]);
    // A Helm values file is read key by key: its aliases are followed until the file's budget is spent.
    const maps = ['m0: &m0 {password: ""}'];
    for (let i = 1; i < 12; i++) maps.push(`m${i}: &m${i} {${Array.from({ length: 9 }, (_, k) => `k${k}: *m${i - 1}`).join(', ')}}`);
    const values = await scanFragments([{ path: 'values.yaml', text: `${maps.join('\n')}\n` }]);
    expect(values.findings).toEqual([]);
    expect(values.notes).toHaveLength(1);
    expect(values.notes[0]!.message).toMatch(/^\d+ YAML alias\(es\) not followed \(at most 10000 per file\); their values are checked where they are defined$/);
  });

  it('stops at the depth limit on base64 nested twenty levels deep, and finds a shallow one', async () => {
    const token = githubToken(61);
    const deep = { path: 'deep.txt', text: `payload = "${nest(`GITHUB_TOKEN=${token}`, 20)}"\n` };
    const shallow = { path: 'shallow.txt', text: `payload = "${nest(`GITHUB_TOKEN=${token}`, 3)}"\n` };
    const result = await scanFragments([deep, shallow]);
    expect(result.findings.map((f) => [f.file, f.ruleId, f.decoded])).toEqual([['shallow.txt', 'github-pat', ['base64', 'base64', 'base64']]]);
    expect(result.notes).toContainEqual({ path: 'deep.txt', message: 'encoded text nested more than 4 levels deep was not decoded further' });
  });

  it('does not decode a 50 MB single-line base64 value', async () => {
    const value = Buffer.alloc(38 * 1024 * 1024, 'leakgate benchmark filler ').toString('base64');
    expect(value.length).toBeGreaterThan(50_000_000);
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: huge\ndata:\n  blob: ${value}\n`;
    const result = await scanFragments([{ path: 'huge.yaml', text }]);
    expect(result.findings).toEqual([]);
    expect(result.notes.map((n) => n.message)).toEqual([
      `${text.length} bytes: too large to parse as a manifest; checked line by line`,
      // Long lines reach the text detectors in 64 KiB segments: the first few are
      // decoded, then the per-fragment budget ends decoding.
      'decoding stopped after 524288 bytes; the rest was checked as text only',
    ]);
  });
});

describe('generic decoding', () => {
  it.each([
    ['base64', (t: string) => Buffer.from(t).toString('base64')],
    ['base64url', (t: string) => Buffer.from(`${t}??>>`).toString('base64url')],
    ['hex', (t: string) => Buffer.from(t).toString('hex')],
    ['percent', (t: string) => encodeURIComponent(`token=${t}&x=1`).replace(/_/g, '%5F')],
  ])('finds a token hidden in %s', async (encoding, encode) => {
    const token = githubToken(63);
    const text = `blob: "${encode(`GITHUB_TOKEN=${token}`)}"\n`;
    const result = await scanFragments([{ path: 'encoded.txt', text }]);
    expect(result.findings.map((f) => [f.ruleId, f.decoded, f.line])).toEqual([['github-pat', [encoding], 1]]);
    expect(JSON.stringify(result)).not.toContain(token);
  });
});
