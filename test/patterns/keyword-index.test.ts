import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../src/patterns/keyword-index.js';

describe('KeywordIndex', () => {
  const index = new KeywordIndex([['ghp_', 'github'], ['xox'], ['xoxb-'], ['oxb'], ['akia']]);

  it('finds every rule whose keyword occurs, ignoring ASCII case', () => {
    expect([...index.matchingRules('token GHP_abc')]).toEqual([0]);
    expect([...index.matchingRules('AKIA and GitHub')].sort()).toEqual([0, 4]);
    expect([...index.matchingRules('nothing here')]).toEqual([]);
  });

  it('reports keywords that overlap or are prefixes of each other', () => {
    expect([...index.matchingRules('slack xoxb-123')].sort()).toEqual([1, 2, 3]);
    expect([...index.matchingRules('xoxp-1')].sort()).toEqual([1]);
  });

  it('does not match across non-ASCII characters, and rejects non-ASCII keywords', () => {
    expect([...index.matchingRules('gh€p_ ühp_ ghp_')]).toEqual([0]);
    expect([...index.matchingRules('gh€p_')]).toEqual([]);
    expect(() => new KeywordIndex([['tökén']])).toThrow('not printable ASCII');
  });
});

describe('KeywordAutomaton', () => {
  it('finds the same rules as the regex, on the bundled keywords and their examples', async () => {
    const { loadRuleFiles, PATTERNS_DIR } = await import('../../src/patterns/load.js');
    const { KeywordAutomaton } = await import('../../src/patterns/keyword-automaton.js');
    const rules = await loadRuleFiles(PATTERNS_DIR);
    const index = new KeywordIndex(rules.map((rule) => rule.keywords));
    const owners = new Map<string, Set<number>>();
    rules.forEach((rule, id) => {
      for (const keyword of rule.keywords) owners.set(keyword, (owners.get(keyword) ?? new Set()).add(id));
    });
    const automaton = new KeywordAutomaton(owners);
    const samples = rules.flatMap((rule) => [...rule.examples.match, ...rule.examples.noMatch]);
    samples.forEach((sample, i) => {
      // Each example alone, and glued to the next one in upper case with non-ASCII between.
      for (const text of [sample, `${sample} é ${samples[(i + 1) % samples.length]!.toUpperCase()}`]) {
        expect([...automaton.matchingRules(text)].sort(), text).toEqual([...index.searchMatches(text)].sort());
      }
    });
  });

  it('takes over once enough text has gone through the index, with the same answers', () => {
    const index = new KeywordIndex([['ghp_', 'github'], ['xox'], ['xoxb-'], ['oxb'], ['akia']]);
    expect([...index.matchingRules('nothing to see here\n'.repeat(60_000))]).toEqual([]);
    expect((index as unknown as { automaton?: object }).automaton).toBeDefined();
    expect([...index.matchingRules('slack xoxb-123 and GHP_x')].sort()).toEqual([0, 1, 2, 3]);
    expect([...index.matchingRules('gh€p_')]).toEqual([]);
  });
});
