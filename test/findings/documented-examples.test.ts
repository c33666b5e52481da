import { describe, expect, it } from 'vitest';
import { scanFragments } from '../helpers/engine.js';
import { randomBase62 } from '../helpers/secrets.js';

describe('documented example values', () => {
  it('does not report the example credentials of the OAuth RFCs, whichever detector sees them', async () => {
    const text = [
      'HTTP/1.1 200 OK',
      '{"access_token":"2YotnFZFEjr1zCsicMWpAA","refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}', // leakgate:allow (RFC 6749 example)
      'Authorization: OAuth oauth_consumer_key="0685bd9184jfhq22", oauth_token="ad180jjd733klru7"', // leakgate:allow (RFC 5849 example)
    ].join('\n');
    expect((await scanFragments([{ path: 'docs/oauth.md', text }])).findings).toEqual([]);
  });

  it("does not report Redis's example password", async () => {
    expect((await scanFragments([{ path: 'deploy/redis.conf', text: 'requirepass foobared\n' }])).findings).toEqual([]);
  });

  it('reports a value of the same shape that is not the documented one', async () => {
    const token = randomBase62(22, 41);
    const result = await scanFragments([{ path: 'client.py', text: `token = {"access_token": "${token}"}` }], false);
    expect(result.findings.map((f) => [f.secret, f.line])).toEqual([[token, 1]]);
  });
});
