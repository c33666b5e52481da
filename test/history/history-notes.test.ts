import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';

afterAll(removeTempRepos);

describe('history notes', () => {
  it('says once that an ignore entry has expired, however many commits are scanned', async () => {
    const repo = await tempRepo();
    await repo.commit({ '.leakgate.yaml': 'ignore:\n  - fingerprint: lg1:0123456789abcdef0123456789abcdef\n    expires: 2020-01-01\n' });
    for (let i = 0; i < 5; i++) await repo.commit({ [`f${i}.txt`]: `line ${i}\n` }, `commit ${i}`);
    const text = await repo.run(['history']);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n').filter((line) => line.includes('expired on 2020-01-01'));
    expect(lines).toEqual(['  .leakgate.yaml:2: ignore[0]: ignore entry lg1:0123456789abcdef0123456789abcdef expired on 2020-01-01; its finding is reported again']);
  });
});
