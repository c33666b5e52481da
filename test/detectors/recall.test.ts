/**
 * Secrets that real repositories hold in forms the generic detector used to
 * miss: each fixture under `fixtures/recall/` is scanned end to end, and the
 * finding is at the exact file, line and rule, and never in clear in the report.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonReport } from '../../src/reporters/json.js';
import { scanFixture } from '../helpers/engine.js';

const CASES: readonly { name: string; file: string; findings: readonly string[] }[] = [
  { name: 'a Django SECRET_KEY full of symbols', file: 'settings.py', findings: ['7 generic-secret'] },
  { name: "WordPress define('AUTH_KEY', '…') salts", file: 'wp-config.php', findings: ['5 generic-secret', '6 generic-secret', '7 generic-secret'] },
  { name: 'a Rails secret_key_base of 128 hex digits', file: 'config/secrets.yml', findings: ['2 generic-secret'] },
  { name: 'a FileZilla <Pass> element', file: 'sitemanager.xml', findings: ['8 generic-password'] },
  { name: 'a JetBrains password="…" attribute', file: '.idea/webServers.xml', findings: ['6 generic-password'] },
  {
    name: 'an HTTP test recording: `Authorization:` then `- Bearer …`, and a JSON body in a YAML string',
    file: 'cassettes/list_repos.yml',
    findings: ['13 generic-secret', '20 generic-secret-assignment'],
  },
  { name: 'a dotted token in a .env file', file: '.env', findings: ['2 generic-secret'] },
];

describe('recall on real-world forms', () => {
  it.each(CASES)('finds $name', async ({ file, findings }) => {
    const path = `fixtures/recall/${file}`;
    const result = await scanFixture(path);
    expect(result.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(findings);
    expect(result.findings.every((f) => f.file === path)).toBe(true);
    // The report never holds the value in clear.
    const report = jsonReport(result);
    const text = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const unredacted = await scanFixture(path, false);
    for (const [index, finding] of result.findings.entries()) {
      const line = text.split('\n')[finding.line - 1]!;
      const clear = line.slice(finding.column - 1, finding.endColumn - 1);
      // The span is the secret itself.
      expect(unredacted.findings[index]!.secret).toBe(clear);
      expect(clear.length).toBeGreaterThanOrEqual(12);
      expect(report).not.toContain(clear);
      expect(finding.secret).not.toBe(clear);
    }
  });
});
