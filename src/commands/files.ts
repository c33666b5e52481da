import type { Command } from 'commander';
import { filesSource } from '../sources/files.js';
import { repoInfo } from '../sources/git.js';
import { DEFAULT_MAX_FILE_BYTES, type SourceItem } from '../sources/source.js';
import { stdinSource } from '../sources/stdin.js';
import { addCommonOptions, configFor, runScan, type CommonOptions } from './common.js';

export function registerFiles(program: Command): void {
  addCommonOptions(
    program
      .command('files')
      .description('scan files and directories (honours .gitignore inside a repository)')
      .argument('[paths...]', 'files or directories', ['.'])
      .option('--no-gitignore', 'scan ignored files too')
      .option('--stdin-name <path>', 'the path to report for standard input (`-`)', 'stdin'),
  ).action(async (paths: string[], options: CommonOptions & { gitignore: boolean; stdinName: string }) => {
    const cwd = process.cwd();
    const root = await repoInfo(cwd).then(
      (repo) => repo.root,
      () => cwd,
    );
    const config = await configFor(root, options);
    const onDisk = paths.filter((path) => path !== '-');
    const files =
      onDisk.length > 0 || !paths.includes('-')
        ? filesSource({
            cwd,
            paths: onDisk,
            respectGitignore: options.gitignore,
            ...(config.maxFileBytes ? { maxFileBytes: config.maxFileBytes } : {}),
            ...(config.archiveLimits ? { archiveLimits: config.archiveLimits } : {}),
          })
        : undefined;
    const stdin = paths.includes('-') ? stdinSource(process.stdin, options.stdinName, config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, config.archiveLimits) : undefined;
    process.exitCode = await runScan('files', concat(stdin, files), config, options);
  });
}

async function* concat(...sources: (AsyncIterable<SourceItem> | undefined)[]): AsyncIterable<SourceItem> {
  for (const source of sources) if (source) yield* source;
}
