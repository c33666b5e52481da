import type { Command } from 'commander';
import { cleanupFor, messageItems, readMessageFile } from '../sources/commit-message.js';
import { repoInfo } from '../sources/git.js';
import { addCommonOptions, configFor, runScan, type CommonOptions } from './common.js';

export function registerCommitMsg(program: Command): void {
  addCommonOptions(
    program
      .command('commit-msg')
      .description('scan the message of the commit being made (the commit-msg hook)')
      .argument('<file>', 'the message file git gives the commit-msg hook ($1)'),
  ).action(async (file: string, options: CommonOptions) => {
    const repo = await repoInfo(process.cwd());
    const [text, cleanup, config] = await Promise.all([readMessageFile(file), cleanupFor(repo.root), configFor(repo.root, options)]);
    process.exitCode = await runScan('message', messageItems(text, cleanup, config.maxFileBytes), config, options);
  });
}
