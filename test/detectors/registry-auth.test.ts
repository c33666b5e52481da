import { describe, expect, it } from 'vitest';
import { IGNORE_CONTEXT } from '../../src/detectors/detector.js';
import { registryAuthDetector } from '../../src/detectors/registry-auth.js';
import { password, randomBase62 } from '../helpers/secrets.js';

const detect = (text: string) => registryAuthDetector({ path: '.docker/config.json', text }, IGNORE_CONTEXT);
const auth = (credentials: string) => Buffer.from(credentials).toString('base64');

describe('registry credentials in a Docker client config', () => {
  it('reports the base64 user:password of each registry, where it stands', () => {
    const first = auth(`deploy:x${randomBase62(7, 3)}4`);
    const second = auth(`ci:${randomBase62(32, 5)}`);
    const text = `{\n  "auths": {\n    "registry.internal": { "auth": "${first}" },\n    "ghcr.io": {"auth":"${second}"}\n  }\n}`;
    const found = detect(text);
    expect(found.map((f) => [f.ruleId, text.slice(f.start, f.end), f.confidence, f.decoded])).toEqual([
      ['registry-credential', first, 'medium', ['json:auth', 'base64']],
      ['registry-credential', second, 'high', ['json:auth', 'base64']],
    ]);
  });

  it('reads a config held in a JSON string (a CI variable)', () => {
    const value = auth(`bot:${password(9)}`);
    expect(detect(`"DOCKER_AUTH_CONFIG": "{\\"auths\\":{\\"r.internal\\":{\\"auth\\":\\"${value}\\"}}}"`).map((f) => f.secret)).toEqual([value]);
  });

  it('leaves placeholders, empty passwords and non-credentials alone', () => {
    expect(detect(`{"auths": {"r": {"auth": "${auth('user:<password>')}"}}}`)).toEqual([]);
    expect(detect(`{"auths": {"r": {"auth": "${auth('user:')}"}}}`)).toEqual([]);
    expect(detect(`{"auths": {"r": {"auth": "${auth('admin:admin')}"}}}`)).toEqual([]);
    expect(detect(`{"auth": "${auth('no colon in this one')}"}`)).toEqual([]);
    expect(detect('{"auth": "not base64!"}')).toEqual([]);
  });
});
