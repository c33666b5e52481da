/**
 * The rule side stays below the detectors: `src/patterns/` loads, validates and
 * compiles rules (with their keyword index and checksums), and the detectors use
 * it; a module in `src/patterns/` that imported a detector would make the two
 * folders a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PATTERNS_SRC = new URL('../../src/patterns/', import.meta.url).pathname;
const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm;

function importsOf(file: string): string[] {
  return [...readFileSync(join(PATTERNS_SRC, file), 'utf8').matchAll(IMPORT)].map((match) => match[1]!);
}

describe('src/patterns dependencies', () => {
  const files = readdirSync(PATTERNS_SRC).filter((file) => file.endsWith('.ts'));

  it('finds the modules it checks', () => {
    expect(files).toEqual(expect.arrayContaining(['checksum.ts', 'keyword-index.ts', 'keyword-automaton.ts', 'rule.ts', 'load.ts']));
  });

  it.each(files)('%s imports nothing from the pipeline stages above it', (file) => {
    const upward = importsOf(file).filter((path) => /^\.\.\/(?:detectors|findings|sources|reporters|tui|commands|history)\//.test(path));
    expect(upward).toEqual([]);
  });
});
