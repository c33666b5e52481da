import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';
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
    ['allow:\n  regexes:\n    - pattern: "(unclosed"\n      target: secret\n', '.leakgate.yaml:3: allow.regexes[0].pattern', 'does not compile'],
    ['allow:\n  regexes:\n    - pattern: "x"\n', '.leakgate.yaml:3: allow.regexes[0].target', 'is required'],
    ['allow:\n  regexes:\n    - pattern: "x"\n      target: file\n', '.leakgate.yaml:4: allow.regexes[0].target', 'must be `secret` or `line`'],
    ['ignore:\n  - fingerprint: abc\n', '.leakgate.yaml:2: ignore[0].fingerprint', 'expected lg1:'],
    [`ignore:\n  - fingerprint: ${FP}\n    expires: soon\n`, '.leakgate.yaml:3: ignore[0].expires', 'YYYY-MM-DD'],
    ['maxFileSize: lots\n', '.leakgate.yaml:1: maxFileSize', 'expected a size'],
    ['allow: [x\n', '.leakgate.yaml:2', 'not valid YAML'],
    ['- a\n- b\n', '.leakgate.yaml:1: (top level)', 'expected a mapping'],
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
  });
});
