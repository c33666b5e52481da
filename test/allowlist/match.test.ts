import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';
import { Allowlist, type Candidate } from '../../src/allowlist/match.js';
import { fingerprint, legacyFingerprint } from '../../src/findings/fingerprint.js';

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
    `  - fingerprint: ${legacyFingerprint('github-pat', 'src/c.ts', 'SECRET-OLD')}`,
    '    path: src/c.ts',
  ].join('\n'),
  '.leakgate.yaml',
);
const allowlist = new Allowlist(config, '2026-06-01');

const candidate = (over: Partial<Candidate>): Candidate => {
  const base = { ruleId: 'github-pat', path: 'src/a.ts', secret: 'SECRET-X', lines: ['x = 1'], ...over };
  return {
    ...base,
    fingerprints: () => ({ current: fingerprint(base.ruleId, base.path, base.secret), legacy: legacyFingerprint(base.ruleId, base.path, base.secret) }),
    ...over,
  };
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

  it('matches an entry written in the lg1 form by an earlier version, and records it as used', () => {
    const old = new Allowlist(config, '2026-06-01');
    expect(old.staleEntries(new Set(['src/c.ts'])).map((entry) => entry.path)).toEqual(['src/c.ts']);
    expect(old.reason(candidate({ secret: 'SECRET-OLD', path: 'src/c.ts' }))).toBe('ignore');
    expect(old.reason(candidate({ secret: 'SECRET-NEW', path: 'src/c.ts' }))).toBeUndefined();
    expect(old.staleEntries(new Set(['src/c.ts']))).toEqual([]);
  });

  it('lists expired entries so the report can say they apply no more', () => {
    expect(allowlist.expiredEntries().map((e) => e.expires)).toEqual(['2026-01-01']);
  });

  it('stops applying an expired entry: its finding is reported again', () => {
    expect(allowlist.reason(candidate({ secret: 'SECRET-TWO', path: 'src/b.ts' }))).toBeUndefined();
    expect(new Allowlist(config, '2025-12-31').reason(candidate({ secret: 'SECRET-TWO', path: 'src/b.ts' }))).toBe('ignore');
  });
});

describe('ignore entries that name their rule and path', () => {
  const scoped = parseConfig(
    [
      'ignore:',
      `  - fingerprint: ${fingerprint('generic-password', 'app/.env', 'hunter2024')}`, // leakgate:allow (test input)
      '    rule: generic-password',
      '    path: app/.env',
    ].join('\n'),
    '.leakgate.yaml',
  );
  const counted = (over: Partial<Candidate>) => {
    let computed = 0;
    const base = candidate(over);
    return { candidate: { ...base, fingerprints: () => (computed++, base.fingerprints()) }, computed: () => computed };
  };

  it('computes a fingerprint only for a finding of that rule in that file, and still matches it', () => {
    const list = new Allowlist(scoped, '2026-06-01');
    const elsewhere = counted({ ruleId: 'generic-password', path: 'app/other.env', secret: 'hunter2024' }); // leakgate:allow (test input)
    expect(list.reason(elsewhere.candidate)).toBeUndefined();
    const otherRule = counted({ ruleId: 'k8s-secret-value', path: 'app/.env', secret: 'hunter2024' }); // leakgate:allow (test input)
    expect(list.reason(otherRule.candidate)).toBeUndefined();
    expect([elsewhere.computed(), otherRule.computed()]).toEqual([0, 0]);
    const same = counted({ ruleId: 'generic-password', path: 'app/.env', secret: 'hunter2024' }); // leakgate:allow (test input)
    expect(list.reason(same.candidate)).toBe('ignore');
    expect(same.computed()).toBe(1);
  });

  it('computes it for every finding while an entry leaves its rule or path out (it may match any of them)', () => {
    const list = new Allowlist(config, '2026-06-01');
    const any = counted({ ruleId: 'aws-access-key', path: 'x/y.ts' });
    expect(list.reason(any.candidate)).toBeUndefined();
    expect(any.computed()).toBe(1);
  });
});

describe('per-rule settings', () => {
  const scoped = new Allowlist(
    parseConfig(
      [
        'rules:',
        '  generic-password:',
        '    paths: ["config/**", "**/*.env"]',
        '    entropy: 3',
        '    allow:',
        '      paths: ["config/examples/**"]',
        '      regexes: [{ pattern: "^dev-", target: secret }]',
        '      stopwords: [sample]',
      ].join('\n'),
      '.leakgate.yaml',
    ),
    '2026-06-01',
  );
  const password = (over: Partial<Candidate>): Candidate => candidate({ ruleId: 'generic-password', path: 'config/db.yaml', secret: 'k8Fq2LmZ9xWv', ...over });

  it.each([
    [{ path: 'src/db.ts' }, 'rule-path'],
    [{ path: 'config/examples/db.yaml' }, 'rule-path'],
    [{ secret: 'aaaaaaaabbbb' }, 'threshold'],
    [{ secret: 'dev-k8Fq2LmZ9xWv' }, 'regex'], // leakgate:allow (test input)
    [{ secret: 'k8Fq2SampleLmZ9xWv' }, 'stopword'], // leakgate:allow (test input)
  ] as const)('allows %j for that rule only (%s)', (over, reason) => {
    expect(scoped.reason(password(over))).toBe(reason);
    // Another rule on the same place is still reported.
    expect(scoped.reason(candidate({ ...over, ruleId: 'github-pat' }))).toBeUndefined();
  });

  it.each([[{}], [{ path: 'deploy/prod.env' }]] as const)('reports %j inside the scope', (over) => {
    expect(scoped.reason(password(over))).toBeUndefined();
  });
});

describe('stale ignore entries', () => {
  const fp = (secret: string, path = 'src/a.ts') => fingerprint('github-pat', path, secret);
  const stale = parseConfig(
    [
      'ignore:',
      `  - { fingerprint: ${fp('STILL-HERE')}, rule: github-pat, path: src/a.ts }`,
      `  - { fingerprint: ${fp('GONE')}, rule: github-pat, path: src/a.ts }`,
      `  - { fingerprint: ${fp('OTHER', 'src/b.ts')}, rule: github-pat, path: src/b.ts }`,
      `  - { fingerprint: ${fp('NO-PATH')} }`,
      `  - { fingerprint: ${fp('INLINE-TOO')}, path: src/a.ts }`,
    ].join('\n'),
    '.leakgate.yaml',
  );

  it('reports entries whose file was scanned whole and matched nothing, and only those', () => {
    const list = new Allowlist(stale, '2026-06-01');
    expect(list.reason(candidate({ secret: 'STILL-HERE' }))).toBe('ignore');
    // Allowed inline as well: the entry still describes a secret that is there.
    expect(list.reason(candidate({ secret: 'INLINE-TOO', lines: ['x = 1 # leakgate:allow'] }))).toBe('inline');
    const entries = list.staleEntries(new Set(['src/a.ts']));
    expect(entries.map((entry) => entry.fingerprint)).toEqual([fp('GONE')]);
    expect(list.entryLocation(entries[0]!)).toBe('.leakgate.yaml:3: ignore[1]');
    // A diff does not show the unchanged lines: nothing can be called stale from it.
    expect(list.staleEntries(new Set())).toEqual([]);
  });
});

