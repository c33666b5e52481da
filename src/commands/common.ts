/**
 * What the scanning commands share: the common flags, loading config and rules,
 * running the engine and writing the report. Part of the CLI edge.
 */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { EMPTY_CONFIG, type Config } from '../allowlist/config.js';
import { CONFIG_FILE, loadConfig } from '../allowlist/store.js';
import { ExitCode } from '../errors.js';
import { loadBundledRules } from '../patterns/load.js';
import { jsonReport } from '../reporters/json.js';
import { textReport, type ScanMode } from '../reporters/text.js';
import { createEngine, scan } from '../scan.js';
import type { SourceItem } from '../sources/source.js';
import type { ScanResult } from '../types.js';

export interface CommonOptions {
  format: 'text' | 'json';
  output?: string;
  config?: string | false;
  redact: boolean;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export function addCommonOptions(command: Command): Command {
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

export async function configFor(root: string, options: CommonOptions): Promise<Config> {
  if (options.config === false) return EMPTY_CONFIG;
  return loadConfig(root, options.config);
}

/** Scans `items`, writes the report, and returns the exit code. */
export async function runScan(
  mode: ScanMode,
  items: AsyncIterable<SourceItem>,
  config: Config,
  options: CommonOptions,
): Promise<ExitCode> {
  const rules = await loadBundledRules();
  const result = await scan(createEngine(rules, config), items, { redact: options.redact });
  await writeReport(result, mode, options, config);
  return result.findings.length > 0 ? ExitCode.findings : ExitCode.clean;
}

export async function writeReport(result: ScanResult, mode: ScanMode, options: CommonOptions, config: Config): Promise<void> {
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
