import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CONFIG_FILE } from '../allowlist/store.js';
import { ExitCode } from '../errors.js';
import { HOOK_NAMES, init, InitRefusal, probeHook, probeMessageHook, type HookName } from '../init.js';
import { hookFile, repoInfo } from '../sources/git.js';
import { invocation } from './invocation.js';

/** What each hook's probe holds, as `verified` says it. */
const PROBED: Record<HookName, string> = {
  'pre-commit': 'a probe commit holding a fake secret',
  'commit-msg': 'a probe commit message holding a fake secret',
};

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(`write ${CONFIG_FILE} and install the pre-commit and commit-msg hooks, then check that they block a fake secret`)
    .option('--no-probe', 'do not run the installed hooks on a probe commit')
    .action(async (options: { probe: boolean }) => {
      const repo = await repoInfo(process.cwd());
      // The executable as started (the launcher), so the hook gets its fast start-up.
      const cliPath = realpathSync(process.argv[1] ?? fileURLToPath(import.meta.url));
      let result;
      try {
        const [preCommit, commitMsg] = await Promise.all(HOOK_NAMES.map((name) => hookFile(repo.root, name)));
        result = await init({ repo, cliPath, gitHooks: { 'pre-commit': preCommit!, 'commit-msg': commitMsg! } });
      } catch (error) {
        if (!(error instanceof InitRefusal)) throw error;
        process.stderr.write(`leakgate: the hooks were not installed (nothing was written): ${error.message}.\nInstead, ${error.advice}\n`);
        process.exitCode = ExitCode.usage;
        return;
      }
      for (const file of result.wrote) process.stdout.write(`wrote ${file}\n`);
      for (const file of result.kept) process.stdout.write(`kept ${file} (already set up)\n`);
      if (!options.probe) {
        process.stdout.write(`Not verified (--no-probe). Try it: ${invocation()} staged\n`);
        return;
      }
      let verified = true;
      for (const name of HOOK_NAMES) {
        const hookToRun = result.hooksToRun[name];
        const probe = await (name === 'pre-commit' ? probeHook : probeMessageHook)(repo, hookToRun);
        const hook = relative(repo.root, hookToRun).split(sep).join('/');
        if (probe.blocked) {
          process.stdout.write(`verified: ${hook} blocked ${PROBED[name]}.\n`);
          continue;
        }
        verified = false;
        process.stderr.write(
          `leakgate: NOT verified: ${hook} did not block ${PROBED[name]} (exit ${probe.code}); ` +
            'commits are not protected until it does. What the hook printed:\n' +
            probe.output.replace(/^/gm, '  ') +
            '\n',
        );
      }
      if (verified) process.stdout.write('Commits that add secrets, in their changes or in their message, are now blocked.\n');
      else process.exitCode = ExitCode.findings;
    });
}
