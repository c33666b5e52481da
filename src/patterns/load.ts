/**
 * Loading rules (the edge: reads files). `npm run build` validates `patterns/*.yaml`
 * and writes them to `dist/patterns.json`, so a scan parses one JSON file instead of
 * loading a YAML parser and dozens of files on every commit.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import { validateRule, validateRuleFile, validateRuleSet, type RuleSpec } from './rule.js';

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

/** The bundled rules: `dist/patterns.json` when built, else the YAML sources. */
export async function loadBundledRules(): Promise<RuleSpec[]> {
  let json: string;
  try {
    json = readFileSync(BUNDLE, 'utf8');
  } catch {
    return loadRuleFiles(PATTERNS_DIR);
  }
  const data = JSON.parse(json) as unknown[];
  const rules = data.map((rule, index) => {
    const source = (rule as { source?: unknown }).source;
    const { source: _source, ...spec } = rule as Record<string, unknown>;
    return validateRule(spec, typeof source === 'string' ? source : 'dist/patterns.json', index);
  });
  validateRuleSet(rules);
  return rules;
}
