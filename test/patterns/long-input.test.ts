/**
 * No bundled rule fails on a long input. A repetition of alternatives without a
 * bound (`(?:a|b){40,}?`) keeps one backtracking entry per character, and V8 throws
 * ("Maximum call stack size exceeded") once a few megabytes follow the rule's
 * start without its end: a file that begins like a PEM key and goes on with base64
 * was an internal error that blocked the commit. Each rule is run on its first
 * example cut after its first characters and continued for 6 MB with the
 * characters of its body. (A rule whose native regex runs out of stack is run on the
 * linear-time engine instead: see `compileRule`.)
 */
import { describe, expect, it } from 'vitest';
import { matchRule } from '../../src/detectors/regex.js';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { compileRule } from '../../src/patterns/rule.js';

const LENGTH = 6 * 1024 * 1024;
const rules = (await loadRuleFiles(PATTERNS_DIR)).map((spec) => compileRule(spec));

/** The example's start, then its body's characters again and again, without its end. */
function unterminated(example: string): string {
  const head = example.slice(0, Math.min(48, Math.floor(example.length / 2)));
  const body = example.slice(head.length, Math.max(head.length + 1, example.length - 16)) || 'A';
  return head + body.repeat(Math.ceil((LENGTH - head.length) / body.length));
}

describe('bundled rules on a long input', () => {
  it('runs every rule on 6 MB that starts like its first example and never ends it', () => {
    const failed: string[] = [];
    for (const rule of rules) {
      const text = unterminated(rule.examples.match[0]!);
      try {
        matchRule(rule, { text });
      } catch (error) {
        failed.push(`${rule.id}: ${(error as Error).message}`);
      }
    }
    expect(failed).toEqual([]);
  }, 120_000);

  it('finds a key after megabytes that start like one, where the backtracking engine runs out of stack', () => {
    const rule = rules.find((r) => r.id === 'private-key-rsa')!;
    const key = rule.examples.match.find((example) => example.startsWith('-----BEGIN RSA PRIVATE KEY-----'))!;
    const junk = `-----BEGIN RSA PRIVATE KEY-----\n${'MIIE'.repeat(LENGTH / 4)}\n`;
    // V8 alone throws on this text: the rule's answer comes from the linear-time engine.
    expect(() => [...junk.matchAll(new RegExp(rule.regex, 'g'))]).toThrow(RangeError);
    const found = matchRule(rule, { text: `${junk}${key}\n` }).map((f) => [f.start, f.end]);
    expect(found).toEqual([[junk.length, junk.length + key.length]]);
  });
});
