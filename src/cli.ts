#!/usr/bin/env node
/**
 * The edge: flags, wiring, output and exit codes. The only module that calls
 * process.exit or writes to the terminal.
 */
import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { EMPTY_CONFIG, type Config } from './allowlist/config.js';
import { CONFIG_FILE, loadConfig } from './allowlist/store.js';
import { ExitCode, exitCodeFor, UsageError } from './errors.js';
import { init } from './init.js';
import { loadBundledRules } from './patterns/load.js';
import { jsonReport } from './reporters/json.js';
import { textReport, type ScanMode } from './reporters/text.js';
import { createEngine, scan } from './scan.js';
import { filesSource } from './sources/files.js';
import { repoInfo } from './sources/git.js';
import type { SourceItem } from './sources/source.js';
import { readStaged, stagedItems } from './sources/staged.js';
import type { ScanResult } from './types.js';
import { TOOL } from './version.js';

interface CommonOptions {
  format: 'text' | 'json';
  output?: string;
  config?: string | false;
  redact: boolean;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

function addCommon(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-c, --config <file>', `config file (default: ${CONFIG_FILE} at the repository root)`)
    .option('--no-config', 'ignore the config file: built-in rules, no allowlists')
    .option('--no-redact', 'show secrets in clear in the report (never the default)')
    .option('--no-color', 'no colours (also when NO_COLOR is set)')
    .option('-q, --quiet', 'print nothing when nothing is found')
    .option('-v, --verbose', 'list every skipped file');
}

async function configFor(root: string, options: CommonOptions): Promise<Config> {
  if (options.config === false) return EMPTY_CONFIG;
  return loadConfig(root, options.config);
}

async function runScan(mode: ScanMode, items: AsyncIterable<SourceItem>, config: Config, options: CommonOptions) {
  const rules = await loadBundledRules();
  const result = await scan(createEngine(rules, config), items, { redact: options.redact });
  await report(result, mode, options, config);
  return result.findings.length > 0 ? ExitCode.findings : ExitCode.clean;
}

async function report(result: ScanResult, mode: ScanMode, options: CommonOptions, config: Config): Promise<void> {
  const color = options.color && !process.env.NO_COLOR && options.output === undefined && process.stdout.isTTY === true;
  const text =
    options.format === 'json'
      ? jsonReport(result)
      : textReport(result, { mode, color, verbose: options.verbose === true, configFile: config.file ?? CONFIG_FILE });
  if (options.output !== undefined) {
    await writeFile(options.output, text);
    if (!options.quiet) {
      process.stderr.write(`leakgate: ${result.findings.length} finding(s); report written to ${options.output}\n`);
    }
  } else if (!(options.quiet && result.findings.length === 0 && result.notes.length === 0)) {
    process.stdout.write(text);
  }
}

const program = new Command('leakgate')
  .description('Stops secrets before they are committed.')
  .version(TOOL.version)
  .showHelpAfterError()
  .exitOverride();

addCommon(program.command('staged').description('scan what the index adds (the pre-commit hook)')).action(
  async (options: CommonOptions) => {
    const staged = await readStaged(process.cwd());
    const config = await configFor(staged.repo.root, options);
    const items = stagedItems(staged, config.maxFileBytes);
    process.exitCode = await runScan('staged', items, config, options);
  },
);

addCommon(
  program
    .command('files')
    .description('scan files and directories (honours .gitignore inside a repository)')
    .argument('[paths...]', 'files or directories', ['.'])
    .option('--no-gitignore', 'scan ignored files too'),
).action(async (paths: string[], options: CommonOptions & { gitignore: boolean }) => {
  const cwd = process.cwd();
  const root = await repoInfo(cwd).then((repo) => repo.root, () => cwd);
  const config = await configFor(root, options);
  const items = filesSource({
    cwd,
    paths,
    respectGitignore: options.gitignore,
    ...(config.maxFileBytes ? { maxFileBytes: config.maxFileBytes } : {}),
  });
  process.exitCode = await runScan('files', items, config, options);
});

program
  .command('init')
  .description(`write ${CONFIG_FILE} and install the pre-commit hook`)
  .action(async () => {
    const repo = await repoInfo(process.cwd());
    // The executable as started (the launcher), so the hook gets its fast start-up.
    const result = await init(repo, realpathSync(process.argv[1] ?? fileURLToPath(import.meta.url)));
    for (const file of result.wrote) process.stdout.write(`wrote ${file}\n`);
    for (const file of result.kept) process.stdout.write(`kept ${file} (already set up)\n`);
    process.stdout.write('Commits that add secrets are now blocked. Try it: leakgate staged\n');
  });

async function main(argv: readonly string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = handleError(error, argv[2]);
  }
}

void main(process.argv);

function handleError(error: unknown, command: string | undefined): number {
  const commanderError = error as { code?: string; exitCode?: number };
  if (typeof commanderError.code === 'string' && commanderError.code.startsWith('commander.')) {
    // Help and version exit 0; anything else commander rejects is a usage error (already printed).
    return commanderError.exitCode === 0 ? ExitCode.clean : ExitCode.usage;
  }
  const code = error instanceof UsageError ? ExitCode.usage : exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`leakgate: ${code === ExitCode.internal ? 'internal error: ' : ''}${message}\n`);
  if (code === ExitCode.internal && process.env.LEAKGATE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  if (command === 'staged') {
    // Fail closed: a hook that cannot check must not let the commit through.
    process.stderr.write(
      'leakgate: the commit is blocked because it could not be checked.\n' +
        'Fix the problem above, or bypass this check once with: git commit --no-verify\n',
    );
  }
  return code;
}
