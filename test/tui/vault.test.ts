/** The clear secrets kept for the review screen: apart from the findings, masked in context but for the one revealed. */
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/allowlist/config.js';
import { Allowlist } from '../../src/allowlist/match.js';
import { processFindings } from '../../src/findings/pipeline.js';
import { SecretVault } from '../../src/findings/vault.js';
import type { RawFinding } from '../../src/types.js';
import { githubToken, password } from '../helpers/secrets.js';

const token = githubToken(61);
const other = password(62);
const text = ['line one', 'two', `const a = "${token}"; const b = "${other}";`, 'four', 'five', 'six'].join('\n');
const raw = (secret: string, ruleId: string): RawFinding => {
  const start = text.indexOf(secret);
  return { ruleId, title: ruleId, severity: 'high', confidence: 'high', start, end: start + secret.length, secret };
};

describe('SecretVault', () => {
  it('keeps the clear secret and masked context per finding, and nothing clear reaches the findings', () => {
    const vault = new SecretVault();
    const { findings } = processFindings(
      { path: 'src/a.ts', text, lineNumbers: [10, 11, 12, 13, 14, 15] },
      [raw(token, 'github-pat'), raw(other, 'generic-password')],
      { allowlist: new Allowlist(EMPTY_CONFIG), redact: true, vault },
    );
    expect(findings).toHaveLength(2);
    expect(JSON.stringify(findings)).not.toContain(token);
    expect(JSON.stringify(findings)).not.toContain(other);
    const view = vault.get(findings[0]!)!;
    expect(view.secret).toBe(token);
    expect(view.lines.map((line) => line.line)).toEqual([10, 11, 12, 13, 14]);
    const hit = view.lines.find((line) => line.hit)!;
    expect(hit.masked).not.toContain(token);
    expect(hit.masked).not.toContain(other);
    // Revealed: this finding's secret only; the other one on the line stays masked.
    expect(hit.revealed).toContain(token);
    expect(hit.revealed).not.toContain(other);
    expect(vault.get(findings[1]!)!.lines.find((line) => line.hit)!.revealed).toContain(other);
    // Without a vault the pipeline keeps nothing.
    expect(vault.get({ ...findings[0]! })).toBeUndefined();
  });

  it('masks the other secret in the reports’ context line too', () => {
    const { findings } = processFindings({ path: 'src/a.ts', text }, [raw(token, 'github-pat'), raw(other, 'generic-password')], {
      allowlist: new Allowlist(EMPTY_CONFIG),
      redact: true,
    });
    for (const finding of findings) {
      expect(finding.context).not.toContain(token);
    }
  });
});
