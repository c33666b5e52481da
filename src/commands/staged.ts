import type { Command } from 'commander';
import { readStaged, stagedItems } from '../sources/staged.js';
import { addCommonOptions, configFor, runScan, type CommonOptions } from './common.js';

export function registerStaged(program: Command): void {
  addCommonOptions(program.command('staged').description('scan what the index adds (the pre-commit hook)')).action(
    async (options: CommonOptions) => {
      const staged = await readStaged(process.cwd());
      const config = await configFor(staged.repo.root, options);
      process.exitCode = await runScan('staged', stagedItems(staged, config.maxFileBytes), config, options);
    },
  );
}
