import type { Command } from 'commander';
import { readStaged, stagedItems } from '../sources/staged.js';
import { addCommonOptions, configFor, runScan, type CommonOptions } from './common.js';
import { mayOpenReviewScreen, reviewHandler } from './review.js';

export function registerStaged(program: Command): void {
  addCommonOptions(
    program
      .command('staged')
      .description('scan what the index adds (the pre-commit hook)')
      .option('--no-tui', 'never open the review screen when the commit is blocked (also LEAKGATE_NO_TUI=1, and in CI)'),
  ).action(async (options: CommonOptions & { tui: boolean }) => {
    const staged = await readStaged(process.cwd());
    const config = await configFor(staged.repo.root, options);
    // On a blocked commit, the review screen when a terminal can be opened; the report otherwise.
    const blocked = mayOpenReviewScreen(options) ? reviewHandler(staged.repo.root, options, 'commit') : undefined;
    process.exitCode = await runScan('staged', stagedItems(staged, config.maxFileBytes, config.archiveLimits), config, options, blocked);
  });
}
