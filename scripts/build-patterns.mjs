// Validates patterns/*.yaml and bundles them into dist/patterns.json (run by `npm run build`).
import { writeFileSync } from 'node:fs';
import { loadRuleFiles, PATTERNS_DIR } from '../dist/patterns/load.js';
import { toDefinition } from '../dist/patterns/rule.js';

try {
  const rules = await loadRuleFiles(PATTERNS_DIR);
  writeFileSync(new URL('../dist/patterns.json', import.meta.url), `${JSON.stringify(rules.map(toDefinition))}\n`);
  console.log(`bundled ${rules.length} rules into dist/patterns.json`);
} catch (error) {
  console.error(`leakgate: ${error.message}`);
  process.exit(2);
}
