import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import type { Config } from '../allowlist/config.js';
import { Allowlist } from '../allowlist/match.js';
import { CONFIG_FILE } from '../allowlist/store.js';
import { UsageError } from '../errors.js';
import { ProgressLine, summaryLine } from '../history/progress.js';
import { scanHistory } from '../history/scan-history.js';
import { repoInfo } from '../sources/git.js';
import { planHistory, type HistoryRange } from '../sources/history.js';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/source.js';
import { ignoreNotes } from '../engine/scan.js';
import type { ScanResult } from '../types.js';
import { acceptSkipped, addCommonOptions, configForRepo, exitCodeOf, selectFindings, writeReport, type CommonOptions } from './common.js';

/** Below this many commits, starting detection threads costs more than it saves. */
const THREADS_FROM_COMMITS = 300;

export interface HistoryOptions {
  all?: boolean;
  sinceCommit?: string;
  workers?: number;
  threads?: number;
  config?: string | false;
  redact: boolean;
  quiet?: boolean;
  /** Every finding's fingerprint, a guessable secret's (scrypt, 0.2 s each) included. */
  fingerprints?: boolean;
  /** A baseline is applied: it lists fingerprints only, so every finding needs its own. */
  baseline?: string;
}

export function registerHistory(program: Command): void {
  addRangeOptions(
    addCommonOptions(
      program
        .command('history')
        .description('scan what every commit of a range added (default: the current branch)')
        .argument('[revisions...]', "a branch, commit or range (A..B); git pathspecs go after `--` (`-- ':(exclude)vendor/'` leaves a path out)")
        .option('--fingerprints', "give every finding its fingerprint: a guessable secret's costs a fifth of a second, so reports leave those out unless asked (a --baseline asks)"),
    ),
  ).action(async (revisions: string[], options: CommonOptions & HistoryOptions, command: Command) => {
    const { result: scanned, config } = await runHistory(revisions, options, command);
    const notes = acceptSkipped(scanned.notes, options, config, new Allowlist(config));
    const result = await selectFindings({ ...scanned, notes }, options);
    await writeReport(result, 'history', options, config);
    if (!options.quiet) process.stderr.write(`${summaryLine(result)}\n`);
    process.exitCode = exitCodeOf(result, options);
  });
}

export function addRangeOptions(command: Command): Command {
  return command
    .option('--all', 'every branch, tag and other ref')
    .option('--since-commit <rev>', 'only commits after this one (e.g. the base of a pull request)')
    .addOption(
      new Option(
        '-w, --workers <n>',
        'parallel `git log` processes, each over a part of the commit list (default: 2 for long histories on machines with 2 or more cores, else 1)',
      ).argParser(positive('--workers')),
    )
    .addOption(
      new Option('--threads <n>', 'detection threads (0: on the main thread; default: one per core left after the git processes, for long histories)').argParser(
        count('--threads'),
      ),
    );
}

/** Plans and runs a history scan over `revisions` (and `--` pathspecs); shows progress on a terminal. */
export async function runHistory(
  revisions: readonly string[],
  options: HistoryOptions & { quiet?: boolean },
  command: Command,
): Promise<{ result: ScanResult; config: Config }> {
  const repo = await repoInfo(process.cwd());
  const pathspecs = afterDoubleDash(command, revisions);
  const range: HistoryRange = {
    revs: revisions.slice(0, revisions.length - pathspecs.length),
    all: options.all === true,
    pathspecs,
    ...(options.sinceCommit !== undefined ? { sinceCommit: options.sinceCommit } : {}),
  };
  // git lists the commits while the config is read.
  const planning = planHistory(repo.root, range);
  planning.catch(() => {});
  const config = await configForRepo(repo, options);
  const plan = await planning;
  const long = plan.total >= THREADS_FROM_COMMITS;
  const cores = availableParallelism();
  const workers = options.workers ?? (long && cores >= 2 ? 2 : 1);
  // The git processes take a core each; threads for detection only where cores are
  // left (measured: on 2 cores, two git processes and detection on the main thread
  // beat any split with threads, whose start-up costs more than they save).
  // Detection threads read the config from the work tree; a bare repository's is
  // read from its HEAD here, so its detection stays on this thread.
  const threads = options.threads ?? (long && !repo.bare ? Math.max(0, cores - workers) : 0);
  const progress = !options.quiet && process.stderr.isTTY === true ? new ProgressLine(process.stderr) : undefined;
  try {
    const result = await scanHistory({
      root: repo.root,
      plan,
      setup: { root: repo.root, config: options.config, redact: options.redact, ...(!repo.bare && options.config === undefined ? { changedConfig: CONFIG_FILE } : {}) },
      config,
      allFingerprints: options.fingerprints === true || options.baseline !== undefined,
      threads,
      workers,
      maxFileBytes: config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      ...(config.archiveLimits ? { archiveLimits: config.archiveLimits } : {}),
      pathspecs,
      ...(progress ? { onCommit: (done: number, total: number) => progress.update(done, total) } : {}),
    });
    // Expired ignore entries, said once (a history scan has no whole files, so none is stale).
    const expired = ignoreNotes(new Allowlist(config), new Set());
    return { result: { ...result, notes: [...result.notes, ...expired] }, config };
  } finally {
    progress?.clear();
  }
}

/** Operands given after `--` (commander passes them on as operands, last). */
function afterDoubleDash(command: Command, operands: readonly string[]): string[] {
  let root: Command = command;
  while (root.parent) root = root.parent;
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const at = raw.indexOf('--');
  if (at < 0) return [];
  const after = raw.slice(at + 1);
  return after.length <= operands.length ? after : [];
}

function positive(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, got "${value}"`);
    return n;
  };
}

function count(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag}: expected a whole number, got "${value}"`);
    return n;
  };
}
