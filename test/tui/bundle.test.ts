/**
 * The review screen's build: Ink, React and everything else it needs are in its
 * own bundle (production React), which loads without node_modules, and the CLI's
 * bundle holds none of it (a clean commit never loads them).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../dist/bin/', import.meta.url);
const files = readdirSync(BIN);
const tuiFiles = files.filter((name) => /^leakgate-tui.*\.mjs$/.test(name));
const read = (name: string): string => readFileSync(new URL(name, BIN), 'utf8');
/** Imports of packages (not Node built-ins, not the bundle's own chunks). */
const packageImports = (code: string): string[] =>
  [...code.matchAll(/(?:from|import|require)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]!).filter((name) => !name.startsWith('node:') && !name.startsWith('./'));

const copy = mkdtempSync(join(tmpdir(), 'leakgate-bundle-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('review screen bundle', () => {
  it('holds Ink and React in production form, importing no package', () => {
    const all = tuiFiles.map(read).join('\n');
    expect(all).toContain('ink-devtools-not-bundled');
    // The production builds report errors by number; the development builds carry the warnings.
    expect(all).toContain('Minified React error');
    expect(all).not.toContain('Each child in a list should have a unique');
    const imported = new Set(tuiFiles.flatMap((name) => packageImports(read(name))));
    // Node built-ins required by bundled CommonJS code, and Ink's developer tools (never shipped).
    const builtins = new Set(['assert', 'buffer', 'events', 'module', 'process', 'stream', 'tty', 'util', 'os', 'fs', 'path', 'child_process']);
    expect([...imported].filter((name) => !builtins.has(name) && name !== 'ink-devtools-not-bundled')).toEqual([]);
  });

  it('loads from a directory with no node_modules above it', async () => {
    for (const name of tuiFiles) cpSync(new URL(name, BIN), join(copy, name));
    const screen = tuiFiles.map((name) => ({ name, size: read(name).length })).sort((a, b) => b.size - a.size)[0]!.name;
    const loaded = (await import(pathToFileURL(join(copy, screen)).href)) as Record<string, unknown>;
    expect(Object.values(loaded).some((value) => typeof value === 'function')).toBe(true);
    const entry = (await import(pathToFileURL(join(copy, 'leakgate-tui.mjs')).href)) as { openReviewScreen?: unknown };
    expect(typeof entry.openReviewScreen).toBe('function');
  });

  it('is not in the CLI bundle', () => {
    const main = read('leakgate-main.cjs');
    expect(packageImports(main).filter((name) => /^(ink|react)(\/|$)/.test(name))).toEqual([]);
    expect(main).not.toContain('react-reconciler');
  });
});
