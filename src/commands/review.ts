/**
 * `leakgate review`, and the review screen that `leakgate staged` opens when it
 * blocks a commit: the findings go to the screen (with the clear secrets kept
 * apart, in the vault), and the decisions come back and are written to
 * `.leakgate.yaml` (and inline markers), staged so they ride in the commit.
 *
 * Nothing is written until the user continues with every finding decided; an abort
 * or Ctrl-C writes nothing. The screen module (and with it Ink and React) is loaded
 * only here, only when a commit is blocked.
 */
import type { Command } from 'commander';
import { configPath, gitAuthor, InterruptedError, saveDecisions, type InlineEdit } from '../allowlist/store.js';
import type { ConfigEdit } from '../allowlist/edit.js';
import { ExitCode } from '../errors.js';
import { printableLines } from '../printable.js';
import { SecretVault } from '../findings/vault.js';
import { openStaged, stagedItems } from '../sources/staged.js';
import type { ScreenResult } from '../tui/run.js';
import type { Decision, ReviewItem } from '../tui/review-state.js';
import type { Finding, ScanResult } from '../types.js';
import { addCommonOptions, configFor, runScan, type BlockedHandler, type CommonOptions } from './common.js';

export function registerReview(program: Command): void {
  addCommonOptions(
    program.command('review').description('decide, finding by finding, what to do with the staged findings (interactive)'),
  ).action(async (options: CommonOptions) => {
    const staged = await openStaged(process.cwd());
    try {
      const config = await configFor(staged.repo.root, options);
      const handler = reviewHandler(staged.repo.root, options, 'review');
      process.exitCode = await runScan('staged', stagedItems(staged, config.maxFileBytes, config.archiveLimits), config, options, handler, { root: staged.repo.root });
    } finally {
      staged.close();
    }
  });
}

/**
 * Whether `staged` may open the review screen when it blocks: not when asked not
 * to, in CI, or when the report goes to a machine (JSON, SARIF, a file).
 */
export function mayOpenReviewScreen(options: CommonOptions & { tui?: boolean }): boolean {
  const ci = process.env.CI;
  return (
    options.tui !== false &&
    !process.env.LEAKGATE_NO_TUI &&
    (ci === undefined || ci === '0' || ci === 'false') &&
    options.format === 'text' &&
    options.output === undefined
  );
}

/** Opens the review screen when a scan blocks, and writes the decisions. */
export function reviewHandler(root: string, options: CommonOptions, purpose: 'commit' | 'review'): BlockedHandler {
  const vault = new SecretVault();
  return {
    vault,
    async onBlocked(result: ScanResult): Promise<ExitCode | undefined> {
      const items: ReviewItem[] = result.findings.map((finding) => {
        const clear = vault.get(finding);
        return clear ? { finding, clear } : { finding };
      });
      const { openReviewScreen } = await import('../tui/run.js');
      const color = options.color && !process.env.NO_COLOR;
      const outcome: ScreenResult = await openReviewScreen(items, { color, title: purpose === 'commit' ? 'commit blocked' : 'review' });
      if (outcome.action === 'no-terminal') {
        if (purpose === 'review') process.stderr.write(`leakgate: no terminal to review on (${outcome.reason}); the findings and how to allow them follow.\n`);
        return undefined;
      }
      if (outcome.action === 'abort') {
        process.stderr.write(
          `leakgate: ${purpose === 'commit' ? 'commit aborted' : 'review aborted'}; nothing was written.\n` +
            (purpose === 'commit' ? 'To bypass this check once (not recommended): git commit --no-verify\n' : ''),
        );
        return ExitCode.findings;
      }
      return save(root, options, result.findings, outcome.decisions);
    },
  };
}

async function save(root: string, options: CommonOptions, findings: readonly Finding[], decisions: ReadonlyMap<number, Decision>): Promise<ExitCode> {
  const author = await gitAuthor(root);
  const date = new Date().toISOString().slice(0, 10);
  const edits: ConfigEdit[] = [];
  const inline: InlineEdit[] = [];
  let skipped = 0;
  for (const [index, decision] of decisions) {
    const finding = findings[index]!;
    switch (decision.kind) {
      case 'ignore':
        // Reviewed scans (staged, files) compute every fingerprint; only a history report leaves some out.
        if (finding.fingerprint === undefined) throw new Error(`internal error: ${finding.file}:${finding.line} has no fingerprint to ignore it by`);
        edits.push({
          kind: 'ignore',
          entry: {
            fingerprint: finding.fingerprint,
            rule: finding.ruleId,
            path: finding.file,
            reason: decision.reason,
            ...(author ? { author } : {}),
            date,
          },
        });
        break;
      case 'allow-path':
        edits.push({ kind: 'allow-path', glob: decision.glob });
        break;
      case 'rule-path':
        edits.push({ kind: 'rule-allow-path', ruleId: finding.ruleId, glob: decision.glob });
        break;
      case 'inline':
        inline.push({ path: finding.file, line: finding.line });
        break;
      case 'skip':
        skipped++;
        break;
    }
  }
  const configFile = configPath(root, typeof options.config === 'string' ? options.config : undefined);
  try {
    const report = await saveDecisions({ root, configFile, edits, inline });
    const lines = [];
    if (edits.length > 0) lines.push(`leakgate: ${edits.length} allowlist entr${edits.length === 1 ? 'y' : 'ies'} written to ${report.staged.includes(configRel(root, configFile)) ? `${configRel(root, configFile)} and staged` : configFile}.`);
    if (inline.length > 0) lines.push(`leakgate: leakgate:allow added to ${inline.map((edit) => `${edit.path}:${edit.line}`).join(', ')} (staged).`);
    if (skipped > 0) lines.push(`leakgate: ${skipped} finding${skipped === 1 ? '' : 's'} let through this once; the next scan reports ${skipped === 1 ? 'it' : 'them'} again.`);
    for (const warning of report.warnings) lines.push(`leakgate: ${warning}`);
    // Paths and warnings come from the repository: no control character reaches the terminal.
    if (lines.length > 0) process.stderr.write(`${printableLines(lines.join('\n'))}\n`);
    return ExitCode.clean;
  } catch (error) {
    if (error instanceof InterruptedError) {
      process.stderr.write('leakgate: interrupted; every file was left as it was, and the commit is blocked.\n');
      return ExitCode.findings;
    }
    throw error;
  }
}

function configRel(root: string, file: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}
