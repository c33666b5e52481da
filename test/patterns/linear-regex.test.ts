import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';
import { ConfigError } from '../../src/errors.js';
import { compileLinear, linearProblem } from '../../src/patterns/linear-regex.js';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';

const spans = (source: string, text: string, group = 0, flags = ''): (readonly [number, number] | undefined)[] =>
  [...compileLinear(source, flags).matchAll(text)].map((match) => match[group]);
const nativeSpans = (source: string, text: string, group = 0, flags = ''): (readonly [number, number] | undefined)[] =>
  [...text.matchAll(new RegExp(source, `${flags}gd`))].map((match) => match.indices?.[group]);

describe('compileLinear', () => {
  it('runs a trailing character-class lookahead as V8 does: the token ends there, and matching resumes there', () => {
    const source = '(?<![a-z])(tok_[a-z]{3,5})(?![a-z_])';
    for (const text of ['tok_abc tok_def,tok_ghi', 'xtok_abc tok_abcdefg tok_ab_ tok_abc', 'tok_abc', 'tok_abctok_def', 'TOK_abc']) {
      expect(spans(source, text, 1)).toEqual(nativeSpans(source, text, 1));
    }
    expect(spans(source, 'tok_abc tok_def,tok_ghi', 1)).toEqual([[0, 7], [8, 15], [16, 23]]);
    // Inside the groups it closes, and case-insensitive with `i`.
    expect(spans('(x(?![0-9]))', 'x1 xa X', 1, 'i')).toEqual([[3, 4], [6, 7]]);
  });

  it('gives the same secret spans as V8 on every example of every bundled rule it accepts', async () => {
    const rules = (await loadRuleFiles(PATTERNS_DIR)).filter((rule) => linearProblem(rule.regex, rule.flags) === undefined);
    expect(rules.length).toBeGreaterThan(200);
    for (const rule of rules) {
      const linear = compileLinear(rule.regex, rule.flags);
      for (const example of [...rule.examples.match, ...rule.examples.noMatch]) {
        const found = [...linear.matchAll(example)].map((match) => match[rule.secretGroup]);
        expect([rule.id, found]).toEqual([rule.id, nativeSpans(rule.regex, example, rule.secretGroup, rule.flags)]);
      }
    }
  });

  it('advances past an empty match', () => {
    expect(spans('a*', 'ba')).toEqual([[0, 0], [1, 2], [2, 2]]);
    expect(compileLinear('x{0}').groupCount).toBe(0);
  });

  it.each([
    ['(?=ab)a', 'uses a lookahead'],
    ['a(?!b)c', 'uses a lookahead'],
    ['(a|b(?![c]))', 'uses a lookahead'],
    ['(\\w+)=\\1', 'uses a backreference'],
    ['x{1,1001}', 'repeat count above 1000'],
    ['(unclosed', 'does not compile on the linear-time engine'],
  ])('refuses %s: %s', (source, reason) => {
    expect(linearProblem(source)).toContain(reason);
  });
});

describe('patterns in a config', () => {
  const refusal = (text: string): ConfigError => {
    try {
      parseConfig(text, '.leakgate.yaml');
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('accepted');
  };

  it('are refused when they use what the linear-time engine lacks, naming the file, the line and the pattern', () => {
    const allow = refusal('# allowed\nallow:\n  regexes:\n    - pattern: "^(?!prod)"\n      target: line\n');
    expect(allow.where).toBe('.leakgate.yaml:4: allow.regexes[0].pattern');
    expect(allow.message).toMatch(/^\.leakgate\.yaml:4: allow\.regexes\[0\]\.pattern: "\^\(\?!prod\)" uses a lookahead/);
    const rule = refusal(
      "customRules:\n  - id: acme-token\n    title: ACME\n    severity: high\n    keywords: [acme_]\n    regex: '(acme_\\w+)_\\1'\n    examples: { match: [x], noMatch: [y] }\n",
    );
    expect(rule.where).toBe('.leakgate.yaml:6: customRules[0].regex');
    expect(rule.message).toContain('"(acme_\\w+)_\\1" uses a backreference');
    const own = refusal(
      "customRules:\n  - id: acme-token\n    title: ACME\n    severity: high\n    keywords: [acme_]\n    regex: '(acme_\\w+)'\n    allow:\n      - 'x'\n      - '(?=test)'\n    examples: { match: [x], noMatch: [y] }\n",
    );
    expect(own.where).toBe('.leakgate.yaml:9: customRules[0].allow[1]');
  });

  it('accept what only a backtracking engine would take exponential time on, and RE2 syntax V8 lacks', () => {
    const config = parseConfig(
      "allow:\n  regexes: [{ pattern: '(a|a)+$', target: secret }, { pattern: '(?i)^EXAMPLE', target: line }]\n",
      '.leakgate.yaml',
    );
    expect(config.allowRegexes.map((regex) => [regex.pattern.source, regex.pattern.test(`${'a'.repeat(50)}!`), regex.pattern.test('example = 1')])).toEqual([
      ['(a|a)+$', false, false],
      ['(?i)^EXAMPLE', false, true],
    ]);
  });
});
