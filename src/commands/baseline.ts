import type { Command } from 'commander';
import { BASELINE_FILE, baselineText } from '../baseline/baseline.js';
import { addRangeOptions, runHistory, type HistoryOptions } from './history.js';
import { writeOutputFile } from './output-file.js';

export function registerBaseline(program: Command): void {
  addRangeOptions(
    program
      .command('baseline')
      .description(`record today's findings in history, so scans with --baseline report only new ones`)
      .argument('[revisions...]', 'a branch, commit or range (default: the current branch); paths to exclude go after `--`')
      .option('-o, --output <file>', 'where to write the baseline', BASELINE_FILE)
      .option('-c, --config <file>', 'config file (default: .leakgate.yaml at the repository root)')
      .option('--no-config', 'ignore the config file')
      .option('-q, --quiet', 'print nothing'),
  ).action(async (revisions: string[], options: HistoryOptions & { output: string }, command: Command) => {
    // Fingerprints only: the secrets themselves never reach the file.
    const { result } = await runHistory(revisions, { ...options, redact: true, fingerprints: true }, command);
    await writeOutputFile(options.output, baselineText(result.findings));
    if (!options.quiet) {
      process.stderr.write(`leakgate: ${result.findings.length} finding(s) in ${result.stats.commits} commits recorded in ${options.output}\n`);
    }
  });
}
