/**
 * Kubernetes decoding against fixtures/k8s: the exact line, rule and decoding
 * path of every finding, and nothing for the safe alternatives.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { DETECTOR_RULE_IDS } from '../../src/engine/scan.js';
import { scanFixture } from '../helpers/engine.js';

const positives: Record<string, [line: number, ruleId: string, decoded: string[]][]> = {
  'secret-data-token.yaml': [[9, 'github-pat', ['k8s-secret-data:GITHUB_TOKEN', 'base64']]],
  'secret-stringdata.yaml': [
    [8, 'k8s-secret-value', ['k8s-secret-stringData:password']],
    [11, 'generic-secret', ['k8s-secret-stringData:config.yaml']],
  ],
  'multi-document.yaml': [[14, 'k8s-secret-value', ['k8s-secret-data:SESSION_SECRET', 'base64']]],
  'list.yaml': [[15, 'k8s-secret-value', ['k8s-secret-data:DB_PASSWORD', 'base64']]],
  'secret.json': [[8, 'github-pat', ['k8s-secret-data:token', 'base64']]],
  'malformed-data.yaml': [[7, 'k8s-secret-malformed', ['k8s-secret-data:password']]],
  'dockerconfigjson.yaml': [
    [7, 'k8s-registry-credential', ['k8s-secret-data:.dockerconfigjson', 'base64', 'json:auths.registry.example.com.auth', 'base64']],
  ],
  'dockercfg.yaml': [
    [7, 'k8s-registry-credential', ['k8s-secret-data:.dockercfg', 'base64', 'json:auths.https://index.docker.io/v1/.auth', 'base64']],
  ],
  'tls.yaml': [[8, 'private-key-pkcs8', ['k8s-secret-data:tls.key', 'base64']]],
  'ssh-auth.yaml': [[7, 'private-key-openssh', ['k8s-secret-data:ssh-privatekey', 'base64']]],
  'basic-auth.yaml': [[8, 'k8s-secret-value', ['k8s-secret-stringData:password']]],
  'kubeconfig.yaml': [
    [12, 'private-key-ec', ['kubeconfig:users.admin.client-key-data', 'base64']],
    [15, 'jwt', ['kubeconfig:users.ci.token']],
  ],
  'encryption-config.yaml': [[11, 'k8s-encryption-key', ['k8s-encryption-config:aescbc.keys.key1']]],
  'deployment-env.yaml': [[13, 'k8s-env-secret', ['k8s-env:migrate.DB_PASSWORD']]],
  'values.yaml': [[10, 'helm-values-secret', ['helm-values:postgresql.auth.password']]],
  'kustomization.yaml': [[9, 'kustomize-secret-literal', ['kustomize-secretGenerator:api-secrets.literals.API_TOKEN']]],
  'role-reads-secrets.yaml': [],
  'configmap-encoded.yaml': [[6, 'github-pat', ['base64']]],
  'in-cluster-store.yaml': [],
};

const policies: Record<string, [line: number, ruleId: string][]> = {
  'secret-data-token.yaml': [[10, 'k8s-native-secret']],
  'deployment-env.yaml': [
    [22, 'k8s-secret-env'],
    [26, 'k8s-secret-env'],
  ],
  'encryption-config.yaml': [[7, 'k8s-encryption-identity-first']],
  'role-reads-secrets.yaml': [[10, 'k8s-rbac-secret-read']],
  'list.yaml': [[11, 'k8s-native-secret']],
  'values.yaml': [],
  'in-cluster-store.yaml': [[4, 'k8s-native-secret']],
};

describe('Kubernetes decoding', () => {
  it('has a fixture for every case and a case for every fixture', () => {
    expect(readdirSync(new URL('../../fixtures/k8s/positive', import.meta.url)).sort()).toEqual(Object.keys(positives).sort());
  });

  it.each(Object.entries(positives))('positive/%s', async (name, expected) => {
    const result = await scanFixture(`fixtures/k8s/positive/${name}`);
    expect(result.findings.map((f) => [f.line, f.ruleId, f.decoded ?? []])).toEqual(expected);
  });

  it.each(Object.entries(policies))('policy in positive/%s', async (name, expected) => {
    const result = await scanFixture(`fixtures/k8s/positive/${name}`);
    expect(result.policy.map((f) => [f.line, f.ruleId])).toEqual(expected);
  });

  it.each(readdirSync(new URL('../../fixtures/k8s/negative', import.meta.url)))('negative/%s has no finding', async (name) => {
    const result = await scanFixture(`fixtures/k8s/negative/${name}`);
    expect(result.findings).toEqual([]);
    expect(result.policy).toEqual([]);
  });

  it('reports only rule ids that the bundled rules or the detectors declare (config can name them)', async () => {
    const known = new Set([...(await loadRuleFiles(PATTERNS_DIR)).map((rule) => rule.id), ...DETECTOR_RULE_IDS]);
    for (const name of Object.keys(positives)) {
      const result = await scanFixture(`fixtures/k8s/positive/${name}`);
      for (const finding of [...result.findings, ...result.policy]) expect(known, `${name}: ${finding.ruleId}`).toContain(finding.ruleId);
    }
  });

  it('reports the decoded secret redacted, never the encoded form', async () => {
    const clear = await scanFixture('fixtures/k8s/positive/secret-data-token.yaml', false);
    const redacted = await scanFixture('fixtures/k8s/positive/secret-data-token.yaml');
    const token = clear.findings[0]!.secret;
    const encoded = Buffer.from(token).toString('base64');
    expect(token).toMatch(/^ghp_/);
    const shown = JSON.stringify(redacted);
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(encoded);
    expect(redacted.findings[0]!.context).toBe(`GITHUB_TOKEN: ${redacted.findings[0]!.secret}`);
  });
});
