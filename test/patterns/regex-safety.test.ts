import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier } from '../../src/patterns/regex-safety.js';

describe('hasNestedQuantifier', () => {
  it.each(['(a+)+b', '(\\w+\\s?)*x', '((ab)*c)*', '(a{2,})+', '(?:x[a-z]*)+y', '(?<name>\\d+)*', '(a+){1,1000}'])('refuses %s', (source) => {
    expect(hasNestedQuantifier(source)).toBe(true);
  });

  it.each([
    '\\b(ghp_[0-9A-Za-z]{36})\\b',
    '(?:[A-Za-z0-9+/=\\s:,]|-(?!----)|\\\\[nr]){64,20000}?',
    'api_key\\s*[:=]\\s*["\']?([A-Za-z0-9/+]{40})',
    '(a+)(b+)',
    '[(+*]+',
    '(?:ab){2,8}c+',
    '\\(x+\\)+',
  ])('accepts %s', (source) => {
    expect(hasNestedQuantifier(source)).toBe(false);
  });
});
