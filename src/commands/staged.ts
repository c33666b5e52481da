import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE } from '../allowlist/store.js';
import { readObjects } from '../sources/git.js';
import type { SourceItem } from '../sources/source.js';
import { openStaged, stagedItems } from '../sources/staged.js';
import type { Note } from '../types.js';
import { addCommonOptions, configFor, runScan, type CommonOptions } from './common.js';
import { mayOpenReviewScreen, reviewHandler } from './review.js';

export function registerStaged(program: Command): void {
  addCommonOptions(
    program
      .command('staged')
      .description('scan what the index adds (the pre-commit hook)')
      .option('--no-tui', 'never open the review screen when the commit is blocked (also LEAKGATE_NO_TUI=1, and in CI)'),
  ).action(async (options: CommonOptions & { tui: boolean }) => {
    const staged = await openStaged(process.cwd());
    try {
      // git reads the committed config while the work tree's loads and the rules compile.
      const unstaged = options.config === undefined ? unstagedConfigNote(staged.repo.root) : undefined;
      unstaged?.catch(() => {});
      const config = await configFor(staged.repo.root, options);
      // On a blocked commit, the review screen when a terminal can be opened; the report otherwise.
      const blocked = mayOpenReviewScreen(options) ? reviewHandler(staged.repo.root, options, 'commit') : undefined;
      const items = stagedItems(staged, config.maxFileBytes, config.archiveLimits);
      process.exitCode = await runScan('staged', unstaged ? withNote(unstaged, items) : items, config, options, blocked, { root: staged.repo.root });
    } finally {
      staged.close();
    }
  });
}

/**
 * The hook scans with the work tree's `.leakgate.yaml`; when that differs from the
 * one the commit records (an edit not staged), what it allows on this machine is
 * not what the repository says, and nothing in the commit shows it: a note does.
 */
async function unstagedConfigNote(root: string): Promise<Note | undefined> {
  const name = `:${CONFIG_FILE}`;
  const [workTree, index] = await Promise.all([readFile(join(root, CONFIG_FILE)).catch(() => undefined), readObjects(root, [name]).then((found) => found.get(name))]);
  if (workTree === undefined && index === undefined) return undefined;
  if (workTree !== undefined && index !== undefined && workTree.equals(index)) return undefined;
  const message =
    workTree === undefined
      ? 'is in the index but not in the work tree: the scan ran without it, so what it allows is not applied to this commit'
      : `${index === undefined ? 'is not committed or staged' : 'has changes that are not staged'}: the scan used the work tree's copy, so what it allows here is not what this commit records (\`git add ${CONFIG_FILE}\`, or undo the edit)`;
  return { path: CONFIG_FILE, message };
}

async function* withNote(pending: Promise<Note | undefined>, items: AsyncIterable<SourceItem>): AsyncIterable<SourceItem> {
  const note = await pending;
  if (note) yield { note };
  yield* items;
}
