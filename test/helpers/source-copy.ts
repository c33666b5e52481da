/** A copy of leakgate's tracked and new (not ignored) files: what a fresh clone would hold, with today's edits. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI } from './repo.js';

export const PROJECT = join(dirname(CLI), '..', '..');

export function sourceCopy(dir: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    try {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(PROJECT, file), join(dir, file));
    } catch (error) {
      // Deleted in the work tree, not yet in the index.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
