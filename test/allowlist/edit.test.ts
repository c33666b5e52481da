import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';
import { editConfig, escapeGlob, suggestGlob, type ConfigEdit } from '../../src/allowlist/edit.js';
import { canMarkInline, markLine } from '../../src/allowlist/inline.js';
import { Allowlist } from '../../src/allowlist/match.js';
import { ConfigError } from '../../src/errors.js';
import { CONFIG_TEMPLATE } from '../../src/init.js';

const FP = 'lg1:0123456789abcdef0123456789abcdef';
const ignore: ConfigEdit = {
  kind: 'ignore',
  entry: { fingerprint: FP, rule: 'github-pat', path: 'src/a b.ts', reason: 'docs example: revoked', author: 'Dev', date: '2026-03-01' },
};

describe('editConfig', () => {
  it('adds entries to the template that init writes, keeping every comment', () => {
    const edited = editConfig(
      CONFIG_TEMPLATE,
      [ignore, { kind: 'allow-path', glob: 'test/fixtures/**' }, { kind: 'rule-allow-path', ruleId: 'generic-password', glob: 'docs/**' }],
      '.leakgate.yaml',
    );
    for (const comment of CONFIG_TEMPLATE.split('\n').filter((line) => line.trim().startsWith('#'))) {
      expect(edited).toContain(comment);
    }
    expect(edited).toContain('  paths:\n    - test/fixtures/**\n');
    expect(edited).toContain('  generic-password:\n    allow:\n      paths:\n        - docs/**\n');
    expect(edited).toContain(
      [
        'ignore:',
        `  - fingerprint: ${FP}`,
        '    rule: github-pat',
        '    path: src/a b.ts',
        '    reason: "docs example: revoked"',
        '    author: Dev',
        '    date: 2026-03-01',
      ].join('\n'),
    );
    const config = parseConfig(edited, '.leakgate.yaml');
    expect(config.allowPaths).toEqual(['test/fixtures/**']);
    expect(config.ignore).toEqual([ignore.kind === 'ignore' && ignore.entry]);
    expect(new Allowlist(config).reason({ ruleId: 'generic-password', path: 'docs/x.md', secret: 's', lines: [], fingerprints: () => ({ current: 'x', legacy: 'y' }) })).toBe('rule-path');
  });

  it('keeps a non-empty flow list on one line, and does not repeat what is there', () => {
    const text = '# mine\nallow:\n  paths: ["vendor/**"] # third party\n';
    const once = editConfig(text, [{ kind: 'allow-path', glob: 'dist/**' }], '.leakgate.yaml');
    expect(once).toBe('# mine\nallow:\n  paths: ["vendor/**", dist/**] # third party\n');
    expect(editConfig(once, [{ kind: 'allow-path', glob: 'dist/**' }, ignore], '.leakgate.yaml')).toBe(editConfig(once, [ignore, ignore], '.leakgate.yaml'));
  });

  it('starts a config from nothing', () => {
    const edited = editConfig('', [ignore], '.leakgate.yaml');
    expect(edited.startsWith('# leakgate configuration')).toBe(true);
    expect(parseConfig(edited, '.leakgate.yaml').ignore).toHaveLength(1);
  });

  it('refuses to edit a config it cannot read, or where a list is expected and something else is there', () => {
    expect(() => editConfig('allow: [x\n', [ignore], '.leakgate.yaml')).toThrow(ConfigError);
    expect(() => editConfig('ignore: {}\n', [ignore], '.leakgate.yaml')).toThrow(/ignore: expected a list/);
  });

  it('writes fingerprints, never secrets', () => {
    const edited = editConfig(CONFIG_TEMPLATE, [ignore], '.leakgate.yaml');
    expect(edited).not.toMatch(/secret:|ghp_/);
  });
});

describe('globs offered by the review screen', () => {
  it.each([
    ['test/fixtures/keys/a.pem', 'test/**'],
    ['packages/api/__tests__/auth.test.ts', 'packages/api/__tests__/**'],
    ['docs/setup.md', 'docs/**'],
    ['src/config.ts', 'src/config.ts'],
    ['src/[id]/page.tsx', 'src/\\[id\\]/page.tsx'],
  ])('%s → %s', (path, glob) => {
    expect(suggestGlob(path)).toBe(glob);
  });

  it('escapes a path so that it matches itself only', () => {
    expect(escapeGlob('a/*.ts')).toBe('a/\\*.ts');
  });
});

describe('markLine', () => {
  it.each([
    ['app.ts', 'const token = "x";', 'const token = "x"; // leakgate:allow'],
    ['deploy/values.yaml', 'password: x   ', 'password: x # leakgate:allow'],
    ['.env.local', 'KEY=x\r', 'KEY=x # leakgate:allow\r'],
    ['Dockerfile', 'ENV KEY=x', 'ENV KEY=x # leakgate:allow'],
    ['db.sql', "select 'x';", "select 'x'; -- leakgate:allow"],
    ['style.css', 'a { b: x; }', 'a { b: x; } /* leakgate:allow */'],
    ['README.md', 'key: x', 'key: x <!-- leakgate:allow -->'],
    ['a.ts', 'x // gitleaks:allow', 'x // gitleaks:allow'],
  ])('%s: %j', (path, line, marked) => {
    expect(markLine(path, line)).toBe(marked);
  });

  it('has nothing to offer for files without comments', () => {
    expect(canMarkInline('package.json')).toBe(false);
    expect(markLine('package.json', '"token": "x"')).toBeUndefined();
    expect(canMarkInline('secret.bin')).toBe(false);
  });
});
