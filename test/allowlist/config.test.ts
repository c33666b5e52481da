import { describe, expect, it } from 'vitest';
import { checkRuleIds, parseConfig } from '../../src/allowlist/config.js';
import { ConfigError } from '../../src/errors.js';
import { CONFIG_TEMPLATE } from '../../src/init.js';

const FP = 'lg1:0123456789abcdef0123456789abcdef';

describe('parseConfig', () => {
  it('reads every section', () => {
    const config = parseConfig(
      [
        'allow:',
        '  paths: ["fixtures/**", "**/*.snap"]',
        '  regexes:',
        '    - { pattern: "^sk_test_", target: secret }',
        '    - { pattern: "example", target: line }',
        '  stopwords: [Dummy]',
        'rules:',
        '  disable: [generic-secret]',
        'ignore:',
        `  - fingerprint: ${FP}`,
        '    reason: documented test key',
        '    expires: 2030-01-31',
        'maxFileSize: 2MiB',
      ].join('\n'),
      '.leakgate.yaml',
    );
    expect(config.allowPaths).toEqual(['fixtures/**', '**/*.snap']);
    expect(config.allowRegexes.map((r) => [r.pattern.source, r.target])).toEqual([
      ['^sk_test_', 'secret'],
      ['example', 'line'],
    ]);
    expect(config.stopwords).toEqual(['dummy']);
    expect([...config.disabledRules]).toEqual(['generic-secret']);
    expect(config.ignore).toEqual([{ fingerprint: FP, reason: 'documented test key', expires: '2030-01-31' }]);
    expect(config.maxFileBytes).toBe(2 * 1024 * 1024);
  });

  it('accepts the template that `leakgate init` writes, and an empty file', () => {
    expect(parseConfig(CONFIG_TEMPLATE, '.leakgate.yaml').allowPaths).toEqual([]);
    expect(parseConfig('', '.leakgate.yaml').ignore).toEqual([]);
  });

  it.each([
    ['allow:\n  path: [x]\n', '.leakgate.yaml:2: allow.path', 'unknown key'],
    ['alow:\n  paths: [x]\n', '.leakgate.yaml:1: alow', 'unknown key'],
    ['allow:\n  paths: fixtures/**\n', '.leakgate.yaml:2: allow.paths', 'expected a list'],
    ['allow:\n  paths:\n    - 42\n', '.leakgate.yaml:3: allow.paths[0]', 'expected a string'],
    ['allow:\n  paths: ["src/{a,b"]\n', '.leakgate.yaml:2: allow.paths[0]', 'a { has no matching }'],
    ['allow:\n  paths:\n    - x\n    - /etc/**\n', '.leakgate.yaml:4: allow.paths[1]', 'remove the leading /'],
    ['allow:\n  paths: ["src/*a*a*b/*.ts"]\n', '.leakgate.yaml:2: allow.paths[0]', 'more than 2 * in one path segment'],
    ['allow:\n  regexes:\n    - pattern: "(unclosed"\n      target: secret\n', '.leakgate.yaml:3: allow.regexes[0].pattern', 'does not compile'],
    ['allow:\n  regexes:\n    - pattern: "x"\n', '.leakgate.yaml:3: allow.regexes[0].target', 'is required'],
    ['allow:\n  regexes:\n    - pattern: "x"\n      target: file\n', '.leakgate.yaml:4: allow.regexes[0].target', 'must be `secret` or `line`'],
    ['ignore:\n  - fingerprint: abc\n', '.leakgate.yaml:2: ignore[0].fingerprint', 'expected lg2: (or lg1:)'],
    [`ignore:\n  - fingerprint: ${FP}\n    expires: soon\n`, '.leakgate.yaml:3: ignore[0].expires', 'YYYY-MM-DD'],
    ['maxFileSize: lots\n', '.leakgate.yaml:1: maxFileSize', 'expected a size'],
    ['allow: [x\n', '.leakgate.yaml:2', 'not valid YAML'],
    ['- a\n- b\n', '.leakgate.yaml:1: (top level)', 'expected a mapping'],
    // Per-rule settings: a wrong key, a wrong type, a bad regex, a bad glob, each named by place.
    ['rules:\n  github-pat:\n    path: [x]\n', '.leakgate.yaml:3: rules.github-pat.path', 'unknown key; expected one of paths, entropy, allow'],
    ['rules:\n  github-pat:\n    allow:\n      regex: []\n', '.leakgate.yaml:4: rules.github-pat.allow.regex', 'unknown key'],
    ['rules:\n  Disable: [x]\n', '.leakgate.yaml:2: rules.Disable', 'expected `disable` or a rule id'],
    ['rules:\n  github-pat: [x]\n', '.leakgate.yaml:2: rules.github-pat', 'expected a mapping'],
    ['rules:\n  github-pat:\n    entropy: high\n', '.leakgate.yaml:3: rules.github-pat.entropy', 'expected a number'],
    ['rules:\n  github-pat:\n    entropy: 9\n', '.leakgate.yaml:3: rules.github-pat.entropy', 'from 0 to 8'],
    ['rules:\n  github-pat:\n    paths: src/**\n', '.leakgate.yaml:3: rules.github-pat.paths', 'expected a list'],
    ['rules:\n  github-pat:\n    paths: ["src/[a"]\n', '.leakgate.yaml:3: rules.github-pat.paths[0]', 'a [ has no matching ]'],
    ['rules:\n  github-pat:\n    allow:\n      paths:\n        - "test\\\\fixtures"\n', '.leakgate.yaml:5: rules.github-pat.allow.paths[0]', 'use / as the separator'],
    ['rules:\n  github-pat:\n    allow:\n      regexes:\n        - { pattern: "a(", target: line }\n', '.leakgate.yaml:5: rules.github-pat.allow.regexes[0].pattern', 'does not compile'],
    ['rules:\n  disable: [GitHub PAT]\n', '.leakgate.yaml:2: rules.disable[0]', 'is not a rule id'],
    ['rules:\n  disable: github-pat\n', '.leakgate.yaml:2: rules.disable', 'expected a list'],
    [`ignore:\n  - fingerprint: ${FP}\n    reason: [a, b]\n`, '.leakgate.yaml:3: ignore[0].reason', 'expected a string'],
    [`ignore:\n  - fingerprint: ${FP}\n    date: 2026-02-31\n`, '.leakgate.yaml:3: ignore[0].date', 'YYYY-MM-DD'],
    [`ignore:\n  - fingerprint: ${FP}\n    who: me\n`, '.leakgate.yaml:3: ignore[0].who', 'unknown key'],
    ['ignore:\n  - lg1:abc\n', '.leakgate.yaml:2: ignore[0]', 'expected a mapping'],
    // A key that is not a name (a token pasted in the wrong place) is not quoted back: the line says where.
    ['allow:\n  Tok3n_9xQ2: []\n', '.leakgate.yaml:2: allow.<key>', 'unknown key'],
    ['rules:\n  Tok3n_9xQ2: {}\n', '.leakgate.yaml:2: rules.<key>', 'expected `disable` or a rule id'],
    ['rules:\n  disable: [Tok3n_9xQ2]\n', '.leakgate.yaml:2: rules.disable[0]', 'is not a rule id'],
  ])('rejects %j naming the place', (text, where, message) => {
    let error: unknown;
    try {
      parseConfig(text, '.leakgate.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).where).toBe(where);
    expect((error as ConfigError).message).toContain(message);
    expect(`${(error as ConfigError).where} ${(error as ConfigError).message}`).not.toContain('Tok3n_9xQ2');
  });

  it('reads per-rule path scopes, thresholds and allowlists', () => {
    const config = parseConfig(
      [
        'rules:',
        '  disable: [slack-webhook]',
        '  generic-password:',
        '    paths: ["config/**"]',
        '    entropy: 3.25',
        '    allow:',
        '      paths: ["config/examples/**"]',
        '      stopwords: [Changeme]',
        '  github-pat:',
        '    allow:',
        '      regexes: [{ pattern: "^ghp_0+", target: secret }]',
      ].join('\n'),
      '.leakgate.yaml',
    );
    expect([...config.disabledRules]).toEqual(['slack-webhook']);
    expect(config.rules?.get('generic-password')).toEqual({
      paths: ['config/**'],
      entropy: 3.25,
      allow: { paths: ['config/examples/**'], regexes: [], stopwords: ['changeme'] },
    });
    expect(config.rules?.get('github-pat')?.allow?.regexes.map((r) => r.pattern.source)).toEqual(['^ghp_0+']);
    expect([...(config.ruleIdsWhere ?? new Map())]).toEqual([
      ['slack-webhook', '.leakgate.yaml:2: rules.disable[0]'],
      ['generic-password', '.leakgate.yaml:3: rules.generic-password'],
      ['github-pat', '.leakgate.yaml:9: rules.github-pat'],
    ]);
  });

  it('treats a rule id one typo away from a real one as an error, and notes other unknown ids', () => {
    const known = new Set(['github-pat', 'slack-webhook']);
    const typo = parseConfig('rules:\n  disable: [githb-pat]\n', '.leakgate.yaml');
    expect(() => checkRuleIds(typo, known)).toThrow(/\.leakgate\.yaml:2: rules\.disable\[0\]: no rule has the id "githb-pat"; did you mean "github-pat"\?/);
    const other = parseConfig('rules:\n  vendor-thing:\n    entropy: 3\n', '.leakgate.yaml');
    expect(checkRuleIds(other, known)).toEqual([{ where: '.leakgate.yaml:2: rules.vendor-thing', message: expect.stringContaining('no loaded rule') }]);
    expect(checkRuleIds(parseConfig('rules:\n  disable: [github-pat]\n', '.leakgate.yaml'), known)).toEqual([]);
  });

  it('keeps the position of each ignore entry for notes about it', () => {
    const config = parseConfig(`# head\nignore:\n  - fingerprint: ${FP}\n  - fingerprint: ${FP.replace('0123', '9999')}\n`, '.leakgate.yaml');
    expect(config.ignoreWhere).toEqual(['.leakgate.yaml:3: ignore[0]', '.leakgate.yaml:4: ignore[1]']);
  });
});

describe('the README example', () => {
  it('is a valid config', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Allowing what is not a secret'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const config = parseConfig(example, 'README.md');
    expect(config.rules?.get('generic-password')?.entropy).toBe(3.2);
    expect(config.ignore[0]?.expires).toBe('2027-01-31');
  });
});

describe('limits (archive budgets)', () => {
  it('reads sizes and counts, and leaves unset budgets to their defaults', () => {
    const config = parseConfig('limits:\n  archiveBytes: 1GiB\n  archiveMemberBytes: 1048576\n  archiveEntries: 10\n  archiveDepth: 6\n  archiveRatio: 1000\n', '.leakgate.yaml');
    expect(config.archiveLimits).toEqual({ totalBytes: 1024 ** 3, memberBytes: 1024 * 1024, entries: 10, depth: 6, ratio: 1000 });
    expect(parseConfig('limits:\n  archiveDepth: 2\n', '.leakgate.yaml').archiveLimits).toEqual({ depth: 2 });
    expect(parseConfig('', '.leakgate.yaml').archiveLimits).toBeUndefined();
  });

  it.each([
    ['limits:\n  archiveSize: 1GiB\n', '.leakgate.yaml:2: limits.archiveSize', 'unknown key'],
    ['limits:\n  archiveBytes: lots\n', '.leakgate.yaml:2: limits.archiveBytes', 'expected a size'],
    ['limits:\n  archiveDepth: 0\n', '.leakgate.yaml:2: limits.archiveDepth', 'expected a whole number, at least 1'],
    ['limits:\n  archiveEntries: 2MiB\n', '.leakgate.yaml:2: limits.archiveEntries', 'expected a whole number'],
    ['limits:\n  archiveRatio: 1.5\n', '.leakgate.yaml:2: limits.archiveRatio', 'expected a whole number'],
    ['limits: 5\n', '.leakgate.yaml:1: limits', 'expected a mapping'],
  ])('refuses %j at %s', (text, where, message) => {
    expect(() => parseConfig(text, '.leakgate.yaml')).toThrow(ConfigError);
    try {
      parseConfig(text, '.leakgate.yaml');
    } catch (error) {
      expect((error as ConfigError).message).toContain(where);
      expect((error as ConfigError).message).toContain(message);
    }
  });
});
