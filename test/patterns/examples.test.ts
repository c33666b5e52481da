/**
 * Every rule's own examples are test cases: `match` must give at least one
 * finding of that rule, `noMatch` none. Run through the rule alone, so a rule's
 * examples cannot pass because some other rule or filter happens to hide them.
 */
import { describe, expect, it } from 'vitest';
import { matchRule } from '../../src/detectors/regex.js';
import { KeywordIndex } from '../../src/patterns/keyword-index.js';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { compileRule } from '../../src/patterns/rule.js';

const rules = (await loadRuleFiles(PATTERNS_DIR)).map(compileRule);

describe('bundled rules', () => {
  it('has at least 40 rules, each with match and noMatch examples', () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
  });

  const cases = rules.flatMap((rule, index) => [
    ...rule.examples.match.map((text) => ({ rule, index, text, expected: true })),
    ...rule.examples.noMatch.map((text) => ({ rule, index, text, expected: false })),
  ]);
  const index = new KeywordIndex(rules.map((rule) => rule.keywords));

  it.each(cases.map((c) => [`${c.rule.id} ${c.expected ? 'matches' : 'does not match'} ${JSON.stringify(c.text).slice(0, 60)}`, c] as const))(
    '%s',
    (_name, { rule, index: ruleIndex, text, expected }) => {
      const found = matchRule(rule, { text });
      expect(found.length > 0).toBe(expected);
      // A match must pass the keyword prefilter, or the scanner would never run the rule.
      if (expected) expect(index.matchingRules(text).has(ruleIndex)).toBe(true);
    },
  );
});
