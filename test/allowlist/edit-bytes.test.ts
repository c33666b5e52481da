/**
 * A write to `.leakgate.yaml` changes no byte outside the entries it inserts: each
 * case is a config in one style, and the exact text expected after the edit.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';
import { editConfig, type ConfigEdit } from '../../src/allowlist/edit.js';

const FP = 'lg1:0123456789abcdef0123456789abcdef';
const FP2 = 'lg1:fedcba9876543210fedcba9876543210';
const ignore = (fingerprint = FP): ConfigEdit => ({
  kind: 'ignore',
  entry: { fingerprint, rule: 'github-pat', path: 'src/a b.ts', reason: 'docs example: revoked', author: 'Dev', date: '2026-03-01' },
});
const allowPath = (glob: string): ConfigEdit => ({ kind: 'allow-path', glob });
const rulePath = (ruleId: string, glob: string): ConfigEdit => ({ kind: 'rule-allow-path', ruleId, glob });

const ENTRY = (indent: string, eol = '\n'): string =>
  [`- fingerprint: ${FP}`, '  rule: github-pat', '  path: src/a b.ts', '  reason: "docs example: revoked"', '  author: Dev', '  date: 2026-03-01']
    .map((line) => `${indent}${line}${eol}`)
    .join('');

describe('editConfig changes only the bytes it inserts', () => {
  it.each<[string, string, ConfigEdit[], string]>([
    [
      'CRLF line endings and a byte-order mark',
      '\uFEFF# team config\r\nallow:\r\n  paths:\r\n    - vendor/**\r\n\r\nignore:\r\n  - fingerprint: lg1:fedcba9876543210fedcba9876543210\r\n    reason: old\r\n',
      [allowPath('dist/**'), ignore()],
      `\uFEFF# team config\r\nallow:\r\n  paths:\r\n    - vendor/**\r\n    - dist/**\r\n\r\nignore:\r\n  - fingerprint: ${FP2}\r\n    reason: old\r\n${ENTRY('  ', '\r\n')}`,
    ],
    [
      '4-space indentation, kept for new lists and keys too',
      'allow:\n    paths:\n        - vendor/**\nrules:\n    disable: [x-rule]\n',
      [allowPath('dist/**'), rulePath('generic-password', 'docs/**')],
      'allow:\n    paths:\n        - vendor/**\n        - dist/**\nrules:\n    disable: [x-rule]\n    generic-password:\n        allow:\n            paths:\n                - docs/**\n',
    ],
    [
      'a flow list with its own spacing',
      'allow:\n  stopwords: [dummy,  example]\n  paths: [vendor/**,   "third party/**"]   # vendored\n',
      [allowPath('dist/**'), allowPath('a, b/**')],
      'allow:\n  stopwords: [dummy,  example]\n  paths: [vendor/**,   "third party/**", dist/**, "a, b/**"]   # vendored\n',
    ],
    [
      'blank lines and comments around the lists',
      '# top\n\nallow:\n\n  # why\n  paths:\n    - a/**   # first\n\n\n# the end\n',
      [allowPath('b/**')],
      '# top\n\nallow:\n\n  # why\n  paths:\n    - a/**   # first\n    - b/**\n\n\n# the end\n',
    ],
    [
      'a comment after `ignore: []` stays on its line',
      'allow:\n  paths: []\nignore: [] # reviewed entries only\n#  - fingerprint: lg1:...\n',
      [ignore()],
      `allow:\n  paths: []\nignore: # reviewed entries only\n${ENTRY('  ')}#  - fingerprint: lg1:...\n`,
    ],
    [
      'a list written at the same indentation as its key',
      'ignore:\n- fingerprint: lg1:fedcba9876543210fedcba9876543210\n  reason: old\n',
      [ignore()],
      `ignore:\n- fingerprint: ${FP2}\n  reason: old\n${ENTRY('')}`,
    ],
    [
      'an empty value and a file without a final line ending',
      'ignore:\nallow:\n  paths: [x/**]',
      [ignore(), allowPath('y/**')],
      `ignore:\n${ENTRY('  ')}allow:\n  paths: [x/**, y/**]`,
    ],
    [
      'a flow mapping',
      'allow: { paths: [x/**] }\nrules: {}\n',
      [allowPath('y/**'), rulePath('github-pat', 'docs/**')],
      'allow: { paths: [x/**, y/**] }\nrules: {github-pat: { allow: { paths: [docs/**] } }}\n',
    ],
    [
      'no config yet but comments',
      '# nothing yet\n',
      [allowPath('y/**')],
      '# nothing yet\nallow:\n  paths:\n    - y/**\n',
    ],
  ])('%s', (_, text, edits, expected) => {
    const edited = editConfig(text, edits, '.leakgate.yaml');
    expect(edited).toBe(expected);
    parseConfig(edited, '.leakgate.yaml');
  });

  it('leaves the text as it is when the entry is there already', () => {
    const text = 'allow:\r\n    paths: [ a/** ,b/** ]\r\n';
    expect(editConfig(text, [allowPath('b/**')], '.leakgate.yaml')).toBe(text);
  });

  it('refuses to add to a list that is an alias (the entry would land in every list sharing the anchor)', () => {
    expect(() => editConfig('base: &p [a/**]\nallow:\n  paths: *p\n', [allowPath('b/**')], '.leakgate.yaml')).toThrow(/allow\.paths: is an alias/);
  });
});
