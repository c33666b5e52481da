import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';
import { Allowlist, type Candidate } from '../../src/allowlist/match.js';
import { fingerprint } from '../../src/findings/fingerprint.js';

const config = parseConfig(
  [
    'allow:',
    '  paths: ["fixtures/**", "**/*.test.ts"]',
    '  regexes:',
    '    - { pattern: "^sk_test_", target: secret }',
    '    - { pattern: "EXAMPLE ONLY", target: line }',
    '  stopwords: [notreal]',
    'rules:',
    '  disable: [slack-webhook]',
    'ignore:',
    `  - fingerprint: ${fingerprint('github-pat', 'src/a.ts', 'SECRET-ONE')}`,
    `  - fingerprint: ${fingerprint('github-pat', 'src/b.ts', 'SECRET-TWO')}`,
    '    expires: 2026-01-01',
  ].join('\n'),
  '.leakgate.yaml',
);
const allowlist = new Allowlist(config, '2026-06-01');

const candidate = (over: Partial<Candidate>): Candidate => {
  const base = { ruleId: 'github-pat', path: 'src/a.ts', secret: 'SECRET-X', lines: ['x = 1'], ...over };
  return { ...base, fingerprint: fingerprint(base.ruleId, base.path, base.secret), ...over };
};

describe('Allowlist', () => {
  it.each([
    [{ lines: ['token = "abc" // leakgate:allow'] }, 'inline'],
    [{ lines: ['token = "abc" # gitleaks:allow'] }, 'inline'],
    [{ path: 'fixtures/deep/x.yaml' }, 'path'],
    [{ path: 'src/util.test.ts' }, 'path'],
    [{ path: 'fixtures/.hidden/x' }, 'path'],
    [{ secret: 'sk_test_abc' }, 'regex'],
    [{ lines: ['key: abc # EXAMPLE ONLY'] }, 'regex'],
    [{ secret: 'xNOTREALx' }, 'stopword'],
    [{ ruleId: 'slack-webhook' }, 'rule-disabled'],
    [{ secret: 'SECRET-ONE' }, 'ignore'],
  ] as const)('allows %j (%s)', (over, reason) => {
    expect(allowlist.reason(candidate(over))).toBe(reason);
  });

  it.each([
    [{ path: 'src/fixtures/x.yaml' }],
    [{ secret: 'live_sk_test_' }],
    [{ lines: ['leakgate:allowed is not the marker'] }],
    [{ ruleId: 'github-pat', secret: 'SECRET-TWO', path: 'src/b.ts' }],
  ] as const)('reports %j', (over) => {
    expect(allowlist.reason(candidate(over))).toBeUndefined();
  });

  it('keeps an ignore entry when the secret moves to another line, not when a different secret appears', () => {
    const moved = candidate({ secret: 'SECRET-ONE', lines: ['// moved down', '   token = SECRET-ONE'] });
    expect(allowlist.reason(moved)).toBe('ignore');
    const other = candidate({ secret: 'SECRET-THREE', lines: ['   token = SECRET-ONE SECRET-THREE'] });
    expect(allowlist.reason(other)).toBeUndefined();
  });

  it('lists expired entries so the report can say they apply no more', () => {
    expect(allowlist.expiredEntries().map((e) => e.expires)).toEqual(['2026-01-01']);
  });
});
