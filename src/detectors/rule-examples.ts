/**
 * A rule's own examples, checked (pure): each `match` example must give at least
 * one finding of the rule, and pass the keyword prefilter (or the scanner would
 * never run the rule on it); each `noMatch` example must give none. Used by the
 * test suite and by `leakgate rules test`, so people who write rules get the same check.
 */
import { KeywordIndex } from '../patterns/keyword-index.js';
import { compileRule, type RuleSpec } from '../patterns/rule.js';
import { matchRule } from './regex.js';

export interface ExampleResult {
  readonly ruleId: string;
  readonly source: string;
  readonly example: string;
  readonly expected: 'match' | 'noMatch';
  readonly passed: boolean;
  /** Why a failing example failed. */
  readonly reason?: string;
}

export function checkExamples(specs: readonly RuleSpec[]): ExampleResult[] {
  const rules = specs.map(compileRule);
  const index = new KeywordIndex(rules.map((rule) => rule.keywords));
  const results: ExampleResult[] = [];
  rules.forEach((rule, i) => {
    const base = { ruleId: rule.id, source: rule.source };
    for (const example of rule.examples.match) {
      const found = matchRule(rule, { text: example }).length > 0;
      const prefiltered = index.matchingRules(example).has(i);
      const reason = !found ? 'the rule finds nothing' : !prefiltered ? 'no keyword of the rule occurs in it, so the rule would never run' : undefined;
      results.push({ ...base, example, expected: 'match', passed: reason === undefined, ...(reason ? { reason } : {}) });
    }
    for (const example of rule.examples.noMatch) {
      const found = matchRule(rule, { text: example });
      const reason = found.length > 0 ? `the rule finds ${found.length} secret(s)` : undefined;
      results.push({ ...base, example, expected: 'noMatch', passed: reason === undefined, ...(reason ? { reason } : {}) });
    }
  });
  return results;
}
