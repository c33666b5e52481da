// Validates patterns/*.yaml and bundles them into dist/patterns.json (run by `npm run build`).
//
// Each bundled rule must also pass the check a rule in a config passes: its regex and
// allow patterns run on the linear-time engine (RE2), so the rule cannot backtrack
// catastrophically by construction. Bundled rules still run on V8 (it is over 100
// times faster); they are reviewed data, and the nested-quantifier lint keeps the
// classic exponential shape out of them.
import { writeFileSync } from 'node:fs';
import { linearProblem } from '../dist/patterns/linear-regex.js';
import { loadRuleFiles, PATTERNS_DIR } from '../dist/patterns/load.js';
import { hasNestedQuantifier } from '../dist/patterns/regex-safety.js';
import { toDefinition } from '../dist/patterns/rule.js';

/**
 * Rules written before the check, which still use what RE2 lacks or a nesting the
 * lint refuses: a backreference (`(?!\1@)`: the URI password is not the user name
 * again), a lookahead inside the pattern (an example host after the `@`, a token
 * followed by `@dev.azure.com`, a dash not followed by `--- `), or a repeat inside
 * a repeat (PuTTY's key lines, the generic assignment). The list may only shrink:
 * a rule on it that passes, or a rule not on it that fails, is a build error.
 */
const NOT_YET_LINEAR = new Set([
  'postgres-uri-password', 'mysql-uri-password', 'mongodb-uri-password', 'redis-uri-password', 'amqp-uri-password',
  'mssql-uri-password', 'clickhouse-uri-password', 'snowflake-uri-password', 'mail-ftp-ldap-uri-password',
  'url-basic-auth', 'azure-devops-pat-legacy', 'private-key-ssh2', 'private-key-putty', 'generic-secret-assignment',
]);

/** Why `rule` would be refused as a rule in a config, or undefined. */
function problem(rule) {
  const regex = linearProblem(rule.regex, rule.flags ?? '');
  if (regex) return `field \`regex\`: ${regex}`;
  for (const allow of rule.allow ?? []) {
    const refused = linearProblem(allow);
    if (refused) return `field \`allow\`: "${allow}" ${refused}`;
  }
  if (hasNestedQuantifier(rule.regex) || (rule.allow ?? []).some(hasNestedQuantifier)) {
    return 'a quantified group holds another unbounded quantifier (like `(a+)+`), which V8 can take exponential time on';
  }
  return undefined;
}

try {
  const rules = await loadRuleFiles(PATTERNS_DIR);
  const errors = [];
  for (const rule of rules) {
    const refused = problem(rule);
    if (refused && !NOT_YET_LINEAR.has(rule.id)) errors.push(`${rule.source}: rule ${rule.id}: ${refused}`);
    if (!refused && NOT_YET_LINEAR.has(rule.id)) errors.push(`${rule.source}: rule ${rule.id}: passes the linear-time check now; remove it from NOT_YET_LINEAR in scripts/build-patterns.mjs`);
  }
  const unknown = [...NOT_YET_LINEAR].filter((id) => !rules.some((rule) => rule.id === id));
  for (const id of unknown) errors.push(`scripts/build-patterns.mjs: NOT_YET_LINEAR names ${id}, which no rule has`);
  if (errors.length > 0) throw new Error(errors.join('\nleakgate: '));
  writeFileSync(new URL('../dist/patterns.json', import.meta.url), `${JSON.stringify(rules.map(toDefinition))}\n`);
  console.log(`bundled ${rules.length} rules into dist/patterns.json (${rules.length - NOT_YET_LINEAR.size} pass the linear-time check, ${NOT_YET_LINEAR.size} not yet)`);
} catch (error) {
  console.error(`leakgate: ${error.message}`);
  process.exit(2);
}
