import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/allowlist/config.js';

describe('YAML aliases and merge keys in the config', () => {
  it('reads a list given by an alias, and a rule whose settings merge a shared mapping', () => {
    const config = parseConfig(
      [
        'allow:',
        '  paths: &vendored ["vendor/**", "third_party/**"]',
        '  stopwords: [&word dummy, *word]',
        'rules:',
        '  generic-password: &quiet',
        '    entropy: 3.5',
        '    allow:',
        '      paths: *vendored',
        '  generic-secret:',
        '    <<: *quiet',
        '    entropy: 4',
      ].join('\n'),
      '.leakgate.yaml',
    );
    expect(config.allowPaths).toEqual(['vendor/**', 'third_party/**']);
    expect(config.rules?.get('generic-password')?.allow?.paths).toEqual(['vendor/**', 'third_party/**']);
    expect(config.stopwords).toEqual(['dummy', 'dummy']);
    expect(config.rules?.get('generic-password')).toEqual({ entropy: 3.5, allow: { paths: ['vendor/**', 'third_party/**'], regexes: [], stopwords: [] } });
    expect(config.rules?.get('generic-secret')).toEqual({ entropy: 4, allow: { paths: ['vendor/**', 'third_party/**'], regexes: [], stopwords: [] } });
  });

  it('names what is wrong in an aliased part, and refuses an alias that expands without end', () => {
    expect(() => parseConfig('allow:\n  paths: &p [1]\nrules:\n  x-rule:\n    paths: *p\n', '.leakgate.yaml')).toThrow(/^\.leakgate\.yaml:2: allow\.paths\[0\]: expected a string/);
    // Each list holds ten of the one before: 10^8 strings once expanded.
    const lists = ['[x, x, x, x, x, x, x, x, x, x]', ...'abcdefg'.split('').map((name) => `[${Array(10).fill(`*${name}`).join(', ')}]`)];
    const bomb = `allow:\n  stopwords:\n${lists.map((list, i) => `    - &${'abcdefgh'[i]} ${list}`).join('\n')}\n  paths: *h\n`;
    expect(() => parseConfig(bomb, '.leakgate.yaml')).toThrow(/aliases expand to more than/);
  });
});
