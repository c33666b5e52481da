/**
 * Token formats and key layouts that have no generic shape, end to end through
 * the CLI: `fixtures/recall/` holds one synthetic credential in each place, and
 * every one must be reported once, on its line, under its rule, and never in
 * clear in any report format.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/repo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DIR = 'fixtures/recall/';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  secret: string;
}

/** What the finding covers in the file: the span itself, and for a multi-line key its base64 lines. */
function clearTexts(finding: JsonFinding): string[] {
  const lines = readFileSync(`${root}/${finding.file}`, 'utf8').split('\n');
  if (finding.line === finding.endLine) return [lines[finding.line - 1]!.slice(finding.column - 1, finding.endColumn - 1)];
  return lines.slice(finding.line - 1, finding.endLine).flatMap((line) => line.match(/[A-Za-z0-9+/=]{40,}/g) ?? []);
}

describe('token formats and key layouts in fixtures/recall', async () => {
  const json = await runCli(['files', DIR, '--no-config', '--format', 'json'], root);
  const report = JSON.parse(json.stdout) as { findings: JsonFinding[] };

  it('reports exactly one finding per credential, on its line, under its rule', () => {
    expect(json.code).toBe(1);
    expect(report.findings.map((f) => [f.file.replace(DIR, ''), f.line, f.ruleId])).toEqual([
      ['bot/.env', 2, 'discord-bot-token'],
      ['ci/Jenkinsfile', 6, 'sonarqube-token-legacy'],
      ['ci/sonar-project.properties', 4, 'sonarqube-token'],
      ['home/.git-credentials', 1, 'git-credentials'],
      ['home/.git-credentials', 2, 'git-credentials'],
      ['k8s/bootstrap-token.yaml', 10, 'kubernetes-bootstrap-token-secret'],
      ['nats/orders.creds', 6, 'nats-nkey-seed'],
      ['nats/server.conf', 5, 'nats-nkey-seed'],
      ['ops/join-node.sh', 4, 'kubernetes-bootstrap-token'],
      ['ops/kubeadm-config.yaml', 6, 'kubernetes-bootstrap-token'],
      ['src/PartnerKeys.java', 5, 'private-key-in-code'],
      ['src/keys.go', 4, 'private-key-in-code'],
      ['src/signer.js', 5, 'private-key-in-code'],
      ['src/signing.py', 5, 'private-key-in-code'],
      ['vault/init-output.txt', 2, 'vault-unseal-key'],
      ['vault/init-output.txt', 3, 'vault-unseal-key'],
      ['vault/init-output.txt', 4, 'vault-unseal-key'],
      ['vault/init-output.txt', 6, 'vault-token-legacy'],
    ]);
  });

  it('locates each secret exactly: the single-line span is the token, the key spans BEGIN to END', () => {
    const at = (file: string) => report.findings.find((f) => f.file === `${DIR}${file}`)!;
    expect(clearTexts(at('ops/join-node.sh'))[0]).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(clearTexts(at('nats/server.conf'))[0]).toMatch(/^SAA[A-Z2-7]{55}$/);
    expect(clearTexts(at('bot/.env'))[0]).toMatch(/^MTAy[\w-]+\.[\w-]{6}\.[\w-]+$/);
    expect(at('src/signer.js')).toMatchObject({ line: 5, column: 4, endLine: 19 });
    expect(at('src/keys.go')).toMatchObject({ line: 4, column: 18, endLine: 8 });
    expect(at('src/signing.py')).toMatchObject({ line: 5, endLine: 9 });
    expect(at('src/PartnerKeys.java')).toMatchObject({ line: 5, endLine: 20 });
  });

  it('never shows a secret in clear in text, JSON or SARIF', async () => {
    const text = await runCli(['files', DIR, '--no-config', '--verbose'], root);
    const sarif = await runCli(['files', DIR, '--no-config', '--format', 'sarif'], root);
    const outputs = [json.stdout, json.stderr, text.stdout, text.stderr, sarif.stdout, sarif.stderr].join('\n');
    const secrets = report.findings.flatMap(clearTexts);
    expect(secrets.length).toBeGreaterThanOrEqual(report.findings.length);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThanOrEqual(12);
      expect(outputs).not.toContain(secret);
    }
    for (const finding of report.findings) expect(finding.secret).toContain('…');
  });
});
