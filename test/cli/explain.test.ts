/**
 * `leakgate explain`: the reason for every candidate on a line, in words and in
 * JSON, on the work tree and on the staged version, and never a secret in clear.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';
import { password } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const PASSWORD = password(77);
const VALUES = `automountServiceAccountToken: true\nauth:\n  existingSecret: argocd-redis\n  password: "${PASSWORD}"\n`;

describe('leakgate explain', () => {
  it('says why each candidate of a line is or is not reported', async () => {
    const repo = await tempRepo();
    repo.write({ 'values.yaml': VALUES });
    const boolean = await repo.run(['explain', 'values.yaml:1', '--no-config']);
    expect(boolean.code).toBe(0);
    expect(boolean.stdout).toBe('values.yaml:1 automountServiceAccountToken: true \u2192 not reported: a boolean is never a secret\n');
    const reference = await repo.run(['explain', 'values.yaml:3', '--no-config']);
    expect(reference.stdout).toContain('values.yaml:3 existingSecret: ');
    expect(reference.stdout).toContain('\u2192 not reported: the name refers to a secret');
    const reported = await repo.run(['explain', 'values.yaml:4', '--no-config']);
    expect(reported.stdout).toContain('\u2192 reported (generic-password): a value assigned to a password\u2019s name');
    expect(reported.stdout).not.toContain(PASSWORD);
  });

  it('explains a whole file, and in JSON', async () => {
    const repo = await tempRepo();
    repo.write({ 'values.yaml': VALUES });
    const result = await repo.run(['explain', 'values.yaml', '--no-config', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(PASSWORD);
    const report = JSON.parse(result.stdout) as { file: string; candidates: { line: number; name: string; reported: boolean; reason: string }[]; findings: { line: number; ruleId: string }[] };
    expect(report.file).toBe('values.yaml');
    expect(report.candidates.map((c) => [c.line, c.name, c.reported, c.reason])).toEqual([
      [1, 'automountServiceAccountToken', false, 'boolean'],
      [3, 'existingSecret', false, 'name-reference'],
      [4, 'auth.password', true, 'secret-key'],
      [4, 'password', true, 'password'],
    ]);
    // One finding for the line: the Helm values detector's and the generic detector's are the same secret.
    expect(report.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['4 helm-values-secret']);
  });

  it('explains the staged version with --staged, not the work tree', async () => {
    const repo = await tempRepo();
    await repo.stage({ 'app/.env': 'DB_PASSWORD=$(cat /run/secrets/db)\n' });
    repo.write({ 'app/.env': `DB_PASSWORD=${PASSWORD}\n` });
    const staged = await repo.run(['explain', '--staged', 'app/.env:1', '--no-config']);
    expect(staged.stdout).toMatch(/^app\/\.env:1 DB_PASSWORD: \S+ \u2192 not reported: a shell command substitution \(\$\(…\), `…`\) reads the secret when it runs; the value is not in the file\n$/);
    const tree = await repo.run(['explain', 'app/.env:1', '--no-config']);
    expect(tree.stdout).toContain('\u2192 reported (generic-password)');
    expect(tree.stdout).not.toContain(PASSWORD);
  });

  it('explains a file as a commit holds it with --commit', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'values.yaml': VALUES }, 'first');
    await repo.commit({ 'values.yaml': 'automountServiceAccountToken: false\n' }, 'second');
    const old = await repo.run(['explain', '--commit', 'HEAD~1', 'values.yaml:4', '--no-config']);
    expect(old.stdout).toContain('\u2192 reported (generic-password)');
    expect(old.stdout).not.toContain(PASSWORD);
    const now = await repo.run(['explain', '--commit', 'HEAD', 'values.yaml:1', '--no-config']);
    expect(now.stdout).toBe('values.yaml:1 automountServiceAccountToken: false \u2192 not reported: a boolean is never a secret\n');
    const both = await repo.run(['explain', '--commit', 'HEAD', '--staged', 'values.yaml:1', '--no-config']);
    expect(both.code).toBe(2);
  });

  it('is a usage error for a file that does not exist', async () => {
    const repo = await tempRepo();
    const result = await repo.run(['explain', 'missing.yaml:3', '--no-config']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read');
  });
});
