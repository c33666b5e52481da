/**
 * Loading rules (the edge: reads files). `npm run build` validates `patterns/*.yaml`
 * and writes them to `dist/patterns.json`, so a scan parses one JSON file instead of
 * loading a YAML parser and dozens of files on every commit.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import { validateRuleFile, validateRuleSet, type RuleDefinition, type RuleSpec } from './rule.js';

/** The project's `patterns/` folder (next to `src/` and `dist/`). */
export const PATTERNS_DIR = fileURLToPath(new URL('../../patterns/', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../patterns.json', import.meta.url));

export async function loadRuleFiles(dir: string): Promise<RuleSpec[]> {
  const { parse } = await import('yaml');
  const rules: RuleSpec[] = [];
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
  for (const name of files) {
    const path = join(dir, name);
    let data: unknown;
    try {
      data = parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError(path, `not valid YAML: ${(error as Error).message}`);
    }
    rules.push(...validateRuleFile(data, `patterns/${name}`));
  }
  validateRuleSet(rules);
  return rules;
}

/**
 * The bundled rules: `dist/patterns.json` when built (validated by the build, so
 * not validated again on every commit), else the YAML sources.
 */
export async function loadBundledRules(): Promise<RuleDefinition[]> {
  let json: string;
  try {
    json = readFileSync(BUNDLE, 'utf8');
  } catch {
    return loadRuleFiles(PATTERNS_DIR);
  }
  return JSON.parse(json) as RuleDefinition[];
}
