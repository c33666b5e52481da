/** Kubernetes decoding in the staged mode: whole manifests parsed, only added lines reported. */
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';
import { b64, secretManifest } from '../helpers/k8s.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('staged Kubernetes manifests', () => {
  it('reports a value added to a committed Secret at its line, and not the values already committed', async () => {
    const repo = await tempRepo();
    const old = githubToken(71);
    const added = githubToken(72);
    await repo.commit({ 'k8s/app.yaml': secretManifest({ OLD_TOKEN: old }) });
    await repo.stage({ 'k8s/app.yaml': secretManifest({ OLD_TOKEN: old, NEW_TOKEN: added }) });
    const result = await repo.run(['staged', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: { file: string; line: number; ruleId: string; decoded: string[] }) => [f.file, f.line, f.ruleId, f.decoded])).toEqual([
      ['k8s/app.yaml', 7, 'github-pat', ['k8s-secret-data:NEW_TOKEN', 'base64']],
    ]);
    // The Secret itself was committed before: no new policy finding for an unchanged `kind` line.
    expect(report.policy).toEqual([]);
    expect(result.stdout).not.toContain(added);
    expect(result.stdout).not.toContain(b64(added));
  });

  it('lets a SealedSecret through', async () => {
    const repo = await tempRepo();
    const cipher = Buffer.alloc(200, 7).toString('base64').replace(/A/g, 'q');
    await repo.stage({
      'k8s/sealed.yaml': `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: Ag${cipher}\n`,
    });
    const result = await repo.run(['staged']);
    expect(result.stdout).toBe('leakgate: no secrets found in the staged changes.\n');
    expect(result.code).toBe(0);
  });
});
