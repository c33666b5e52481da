import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CONFIG_FILE } from '../allowlist/store.js';
import { ExitCode } from '../errors.js';
import { init, InitRefusal, probeHook } from '../init.js';
import { hookFile, repoInfo } from '../sources/git.js';
import { invocation } from './invocation.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(`write ${CONFIG_FILE} and install the pre-commit hook, then check that it blocks a fake secret`)
    .option('--no-probe', 'do not run the installed hook on a probe commit')
    .action(async (options: { probe: boolean }) => {
      const repo = await repoInfo(process.cwd());
      // The executable as started (the launcher), so the hook gets its fast start-up.
      const cliPath = realpathSync(process.argv[1] ?? fileURLToPath(import.meta.url));
      let result;
      try {
        result = await init({ repo, cliPath, gitHook: await hookFile(repo.root, 'pre-commit') });
      } catch (error) {
        if (!(error instanceof InitRefusal)) throw error;
        process.stderr.write(`leakgate: the pre-commit hook was not installed: ${error.message}.\nInstead, ${error.advice}\n`);
        process.exitCode = ExitCode.usage;
        return;
      }
      for (const file of result.wrote) process.stdout.write(`wrote ${file}\n`);
      for (const file of result.kept) process.stdout.write(`kept ${file} (already set up)\n`);
      if (!options.probe) {
        process.stdout.write(`Not verified (--no-probe). Try it: ${invocation()} staged\n`);
        return;
      }
      const probe = await probeHook(repo, result.hookToRun);
      const hook = relative(repo.root, result.hookToRun).split(sep).join('/');
      if (probe.blocked) {
        process.stdout.write(`verified: ${hook} blocked a probe commit holding a fake secret. Commits that add secrets are now blocked.\n`);
        return;
      }
      process.stderr.write(
        `leakgate: NOT verified: ${hook} did not block a probe commit holding a fake secret (exit ${probe.code}); ` +
          'commits are not protected until it does. What the hook printed:\n' +
          probe.output.replace(/^/gm, '  ') +
          '\n',
      );
      process.exitCode = ExitCode.findings;
    });
}
