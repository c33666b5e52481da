import { Option, type Command } from 'commander';
import { CONFIG_FILE, loadConfig } from '../allowlist/store.js';
import { ExitCode } from '../errors.js';
import { checkExamples } from '../detectors/rule-examples.js';
import { loadRuleFiles, PATTERNS_DIR } from '../patterns/load.js';
import { repoInfo } from '../sources/git.js';

export function registerRules(program: Command): void {
  const rules = program
    .command('rules')
    .description('list the detection rules (id, title, severity, keywords)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { format: 'text' | 'json' }) => {
      const specs = await loadRuleFiles(PATTERNS_DIR);
      if (options.format === 'json') {
        const list = specs.map(({ id, title, severity, keywords, docs, source }) => ({ id, title, severity, keywords, ...(docs ? { docs } : {}), source }));
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const width = Math.max(...specs.map((rule) => rule.id.length));
      for (const rule of specs) {
        process.stdout.write(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(8)}  ${rule.title}  [${rule.keywords.join(', ')}]\n`);
      }
      process.stdout.write(`${specs.length} rules\n`);
    });

  rules
    .command('test')
    .description("run every rule's own examples (match and noMatch)")
    .option('--patterns <dir>', 'a folder of rule files to test instead of the bundled ones')
    .option('-c, --config <file>', `config whose customRules to test too (default: ${CONFIG_FILE} at the repository root)`)
    .action(async (options: { patterns?: string; config?: string }) => {
      const root = await repoInfo(process.cwd()).then(
        (repo) => repo.root,
        () => process.cwd(),
      );
      const config = await loadConfig(root, options.config);
      const specs = [...(await loadRuleFiles(options.patterns ?? PATTERNS_DIR)), ...(config.customRules ?? [])];
      const results = checkExamples(specs);
      const failed = results.filter((result) => !result.passed);
      for (const result of failed) {
        process.stdout.write(`FAIL ${result.source}: rule ${result.ruleId}: ${result.expected} example ${JSON.stringify(result.example)}: ${result.reason}\n`);
      }
      process.stdout.write(`${specs.length} rules, ${results.length} examples: ${results.length - failed.length} passed, ${failed.length} failed\n`);
      process.exitCode = failed.length > 0 ? ExitCode.findings : ExitCode.clean;
    });
}
