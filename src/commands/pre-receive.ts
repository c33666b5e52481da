/**
 * `leakgate pre-receive`: the server-side hook (plain git, GitLab's server hooks,
 * Gitea). git gives it one `<old> <new> <ref>` line per updated ref on standard
 * input, before any ref moves; it scans exactly the commits the push brings in,
 * those not reachable from any existing ref (a new branch included; a deleted ref
 * brings nothing), and refuses the push (exit 1) when they add a secret.
 */
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { summaryLine } from '../history/progress.js';
import { Allowlist } from '../allowlist/match.js';
import { acceptSkipped, addCommonOptions, exitCodeOf, selectFindings, writeReport, type CommonOptions } from './common.js';
import { addRangeOptions, runHistory, type HistoryOptions } from './history.js';

const ZERO = /^0+$/;

/** The new tips of a push, from git's `<old> <new> <ref>` lines (deletions bring none). */
export function pushedTips(input: string): string[] {
  const tips = new Set<string>();
  for (const line of input.split('\n')) {
    const [, next] = line.trim().split(/\s+/);
    if (next !== undefined && /^[0-9a-f]{40,64}$/i.test(next) && !ZERO.test(next)) tips.add(next);
  }
  return [...tips];
}

export function registerPreReceive(program: Command): void {
  addRangeOptions(
    addCommonOptions(
      program
        .command('pre-receive')
        .description('server-side hook: scan the commits a push adds ("<old> <new> <ref>" lines on stdin) and refuse the push when they add a secret'),
    ),
  ).action(async (options: CommonOptions & HistoryOptions, command: Command) => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const tips = pushedTips(Buffer.concat(chunks).toString('utf8'));
    if (tips.length === 0) {
      process.exitCode = ExitCode.clean;
      return;
    }
    // What the tips reach that no ref reaches yet: during pre-receive no ref has moved.
    const { result: scanned, config } = await runHistory([...tips, '--not', '--all'], { ...options, all: false, fingerprints: true }, command);
    // Content the push brings that could not be scanned refuses it too, unless accepted.
    const notes = acceptSkipped(scanned.notes, options, config, new Allowlist(config));
    const result = await selectFindings({ ...scanned, notes }, options);
    await writeReport(result, 'history', options, config);
    if (!options.quiet) process.stderr.write(`${summaryLine(result)}\n`);
    if (result.findings.length > 0) {
      process.stderr.write(
        'leakgate: push refused: the commits above add secrets. Rotate each secret, remove it from the commits ' +
          '(amend or rebase them), and push again.\n',
      );
    }
    process.exitCode = exitCodeOf(result, options);
  });
}
