import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CONFIG_FILE } from '../allowlist/store.js';
import { init } from '../init.js';
import { hookFile, repoInfo } from '../sources/git.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(`write ${CONFIG_FILE} and install the pre-commit hook`)
    .action(async () => {
      const repo = await repoInfo(process.cwd());
      // The executable as started (the launcher), so the hook gets its fast start-up.
      const result = await init(repo, realpathSync(process.argv[1] ?? fileURLToPath(import.meta.url)), await hookFile(repo.root, 'pre-commit'));
      for (const file of result.wrote) process.stdout.write(`wrote ${file}\n`);
      for (const file of result.kept) process.stdout.write(`kept ${file} (already set up)\n`);
      process.stdout.write('Commits that add secrets are now blocked. Try it: leakgate staged\n');
    });
}
