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
