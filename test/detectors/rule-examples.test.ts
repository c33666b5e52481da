/**
 * Every rule's own examples are test cases (see src/detectors/rule-examples.ts). Run
 * through the rule alone, so a rule's examples cannot pass because some other
 * rule or filter happens to hide them.
 */
import { describe, expect, it } from 'vitest';
import { checkExamples } from '../../src/detectors/rule-examples.js';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import type { RuleSpec } from '../../src/patterns/rule.js';

const rules = await loadRuleFiles(PATTERNS_DIR);
const results = checkExamples(rules);

describe('bundled rules', () => {
  it('has at least 40 rules, each with match and noMatch examples', () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
    for (const rule of rules) {
      expect(rule.examples.match.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.noMatch.length, rule.id).toBeGreaterThan(0);
    }
  });

  it.each(results.map((r) => [`${r.ruleId} ${r.expected === 'match' ? 'matches' : 'does not match'} ${JSON.stringify(r.example).slice(0, 60)}`, r] as const))(
    '%s',
    (_name, result) => {
      expect(result.reason).toBeUndefined();
      expect(result.passed).toBe(true);
    },
  );
});

describe('checkExamples', () => {
  const rule: RuleSpec = {
    id: 'demo',
    title: 'Demo',
    severity: 'low',
    regex: '\\b(demo_[0-9]{4})\\b',
    secretGroup: 1,
    keywords: ['demo_'],
    examples: { match: ['demo_1234', 'DEMO_1234'], noMatch: ['demo_12', 'x demo_9999'] },
    source: 'patterns/demo.yaml',
  };

  it('names the examples that fail and why', () => {
    const failed = checkExamples([rule]).filter((r) => !r.passed);
    expect(failed.map((r) => [r.example, r.reason])).toEqual([
      ['DEMO_1234', 'the rule finds nothing'],
      ['x demo_9999', 'the rule finds 1 secret(s)'],
    ]);
  });

  it('fails a match example that the keyword prefilter would skip', () => {
    const [result] = checkExamples([{ ...rule, keywords: ['other'], examples: { match: ['demo_1234'], noMatch: ['x'] } }]);
    expect(result).toMatchObject({ passed: false, reason: 'no keyword of the rule occurs in it, so the rule would never run' });
  });
});
