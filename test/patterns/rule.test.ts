import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { validateRuleFile, validateRuleSet } from '../../src/patterns/rule.js';

const good = {
  id: 'demo-token',
  title: 'Demo token',
  severity: 'high',
  regex: '\\b(demo_[a-z0-9]{20})\\b',
  secretGroup: 1,
  keywords: ['demo_'],
  examples: { match: ['demo_abcdefghij0123456789'], noMatch: ['demo_short'] },
};
const file = (rule: Record<string, unknown>) => ({ provider: 'Demo', rules: [rule] });

describe('rule validation', () => {
  it('accepts a well-formed rule and records its source', () => {
    expect(validateRuleFile(file(good), 'patterns/demo.yaml')[0]).toMatchObject({ id: 'demo-token', source: 'patterns/demo.yaml' });
  });

  it.each([
    [{ ...good, id: 'Demo Token' }, 'rule Demo Token: field `id`', 'kebab-case'],
    [{ ...good, severity: 'urgent' }, 'rule demo-token: field `severity`', 'must be one of'],
    [{ ...good, regex: '(unclosed' }, 'rule demo-token: field `regex`', 'does not compile'],
    [{ ...good, secretGroup: 2 }, 'rule demo-token: field `secretGroup`', 'the regex has 1 groups'],
    [{ ...good, keywords: [] }, 'rule demo-token: field `keywords`', 'non-empty list'],
    [{ ...good, keywords: ['Demo_'] }, 'rule demo-token: field `keywords`', 'lowercase'],
    [{ ...good, flags: 'g' }, 'rule demo-token: field `flags`', '"i" and "s"'],
    [{ ...good, entropy: 12 }, 'rule demo-token: field `entropy`', 'from 0 to 8'],
    [{ ...good, checksum: 'md5' }, 'rule demo-token: field `checksum`', 'must be one of'],
    [{ ...good, allow: ['('] }, 'rule demo-token: field `allow`', 'does not compile'],
    [{ ...good, examples: { match: [] , noMatch: ['x'] } }, 'rule demo-token: field `examples.match`', 'non-empty'],
    [{ ...good, colour: 'red' }, 'rule demo-token: field `colour`', 'unknown field'],
  ])('rejects %j naming the rule and field', (rule, where, message) => {
    let error: unknown;
    try {
      validateRuleFile(file(rule), 'patterns/demo.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).where).toBe(`patterns/demo.yaml: ${where}`);
    expect((error as ConfigError).message).toContain(message);
  });

  it('rejects a file without rules and duplicate ids across files', () => {
    expect(() => validateRuleFile({ provider: 'X', rules: [] }, 'patterns/x.yaml')).toThrow('patterns/x.yaml: `rules` must be a non-empty list');
    const a = validateRuleFile(file(good), 'patterns/a.yaml');
    const b = validateRuleFile(file(good), 'patterns/b.yaml');
    expect(() => validateRuleSet([...a, ...b])).toThrow('patterns/b.yaml: rule demo-token: field `id`: duplicate of the rule in patterns/a.yaml');
  });
});
