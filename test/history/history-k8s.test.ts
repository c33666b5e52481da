/** Kubernetes decoding in history scans: each commit's manifest parsed whole, added lines reported. */
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';
import { b64, secretManifest } from '../helpers/k8s.js';
import { githubToken, password } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('history of Kubernetes manifests', () => {
  it('reports each decoded value at the commit that added it', async () => {
    const repo = await tempRepo();
    const token = githubToken(81);
    const dbPassword = password(82);
    await repo.commit({ 'k8s/app.yaml': secretManifest({ username: 'app', GITHUB_TOKEN: token }) }, 'add the app secret');
    const first = (await repo.git.revparse(['HEAD'])).trim();
    await repo.commit({ 'k8s/app.yaml': secretManifest({ username: 'app', GITHUB_TOKEN: token, DB_PASSWORD: dbPassword }) }, 'add the database password');
    const second = (await repo.git.revparse(['HEAD'])).trim();

    for (const workers of ['1', '2']) {
      const result = await repo.run(['history', '--format', 'json', '--workers', workers]);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { findings: { commit: string; line: number; ruleId: string; decoded: string[] }[] };
      expect(report.findings.map((f) => [f.commit, f.line, f.ruleId, f.decoded])).toEqual([
        [first, 7, 'github-pat', ['k8s-secret-data:GITHUB_TOKEN', 'base64']],
        [second, 8, 'k8s-secret-value', ['k8s-secret-data:DB_PASSWORD', 'base64']],
      ]);
      expect(result.stdout).not.toContain(token);
      expect(result.stdout).not.toContain(b64(token));
      expect(result.stdout).not.toContain(b64(dbPassword));
    }
  });
});

describe('history of key stores', () => {
  it('reports a key store that a well-known password opens at the commit that added it', async () => {
    const { readFileSync } = await import('node:fs');
    const repo = await tempRepo();
    await repo.commit({ 'README.md': 'x\n' });
    await repo.commit({ 'deploy/sa.p12': readFileSync(new URL('../../fixtures/keystores/gcp-default.p12', import.meta.url)) }, 'add the key');
    const added = (await repo.git.revparse(['HEAD'])).trim();
    await repo.commit({ 'deploy/own.p12': readFileSync(new URL('../../fixtures/keystores/own-password.p12', import.meta.url)) }, 'add another');
    const result = await repo.run(['history', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { commit: string; file: string; line: number; ruleId: string }) => [f.commit, f.file, f.line, f.ruleId])).toEqual([
      [added, 'deploy/sa.p12', 1, 'private-key-store'],
    ]);
  });
});
