import type { Command } from 'commander';
import { filesSource } from '../sources/files.js';
import { repoInfo } from '../sources/git.js';
import { addCommonOptions, configFor, runScan, type CommonOptions } from './common.js';

export function registerFiles(program: Command): void {
  addCommonOptions(
    program
      .command('files')
      .description('scan files and directories (honours .gitignore inside a repository)')
      .argument('[paths...]', 'files or directories', ['.'])
      .option('--no-gitignore', 'scan ignored files too'),
  ).action(async (paths: string[], options: CommonOptions & { gitignore: boolean }) => {
    const cwd = process.cwd();
    const root = await repoInfo(cwd).then(
      (repo) => repo.root,
      () => cwd,
    );
    const config = await configFor(root, options);
    const items = filesSource({
      cwd,
      paths,
      respectGitignore: options.gitignore,
      ...(config.maxFileBytes ? { maxFileBytes: config.maxFileBytes } : {}),
      ...(config.archiveLimits ? { archiveLimits: config.archiveLimits } : {}),
    });
    process.exitCode = await runScan('files', items, config, options);
  });
}
