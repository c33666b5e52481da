/**
 * The places where people commit real credentials, end to end through the CLI:
 * `fixtures/everyday/` holds one synthetic credential in each, and every one
 * must be reported, once, on its line, and never in clear.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/repo.js';

// Each guessable secret's fingerprint costs about a fifth of a second of CPU by
// design (scrypt, see src/findings/fingerprint.ts), and these tests run the CLI
// many times over such secrets: the default timeout is too short on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('everyday places where secrets are committed', () => {
  it('reports exactly one finding per credential, on its line, redacted', async () => {
    const result = await runCli(['files', 'fixtures/everyday', '--no-config', '--format', 'json'], root);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { file: string; line: number; column: number; endColumn: number; ruleId: string; secret: string }[];
    };
    expect(report.findings.map((f) => [f.file.replace('fixtures/everyday/', ''), f.line, f.ruleId])).toEqual([
      ['app/Orders.java', 5, 'generic-password'],
      ['app/Web.config', 3, 'generic-secret'],
      ['app/alerts.py', 4, 'generic-password'],
      ['app/analysis.ipynb', 7, 'generic-secret'],
      ['app/config/master.key', 1, 'rails-master-key'],
      ['app/settings.py', 3, 'generic-secret'],
      ['app/settings.py', 4, 'generic-secret'],
      ['app/settings.xml', 6, 'generic-password'],
      ['app/wp-config.php', 3, 'generic-password'],
      ['home/.docker/config.json', 4, 'registry-credential'],
      ['home/.netrc', 3, 'generic-password'],
      ['home/.netrc', 4, 'generic-password'],
      ['home/.pgpass', 1, 'generic-password'],
      ['home/.pgpass', 3, 'generic-password'],
      ['ops/.vault_pass', 1, 'ansible-vault-password-file'],
      ['ops/Dockerfile', 3, 'generic-password'],
      ['ops/backup.sh', 2, 'generic-password'],
      ['ops/backup.sh', 3, 'generic-password'],
      ['ops/deploy.ps1', 1, 'generic-password'],
      ['ops/redis.conf', 2, 'generic-password'],
    ]);
    for (const finding of report.findings) {
      const line = readFileSync(`${root}/${finding.file}`, 'utf8').split('\n')[finding.line - 1]!;
      const secret = line.slice(finding.column - 1, finding.endColumn - 1);
      expect(secret.length).toBeGreaterThanOrEqual(12);
      // A mask of fixed width: nothing shown, or four characters at each end of a random secret.
      expect(finding.secret).toMatch(/^(?:\*{8}|[^]{4}…[^]{4})$/);
      expect(result.stdout).not.toContain(secret);
    }
  });
});
