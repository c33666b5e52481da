/**
 * Builds what the end-to-end tests run: the CLI bundle and the rule bundle, from
 * the current sources, so `npm test` never tests a stale build.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { toDefinition } from '../../src/patterns/rule.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(): Promise<void> {
  const rules = await loadRuleFiles(PATTERNS_DIR);
  mkdirSync(`${root}dist`, { recursive: true });
  writeFileSync(`${root}dist/patterns.json`, `${JSON.stringify(rules.map(toDefinition))}\n`);
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
}
