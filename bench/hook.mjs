// Scenario "hook": a typical clean commit made with `git commit` through the hooks
// `leakgate init` installs (pre-commit and commit-msg; leakgate a local dependency,
// as a team installs it), against a floor (the staged scenario's `node -e 0` plus
// `git diff --cached`, and one more `node -e 0` for the second hook) and against
// the same commit made with `--no-verify` (git's own cost). The hooks' cost is the
// difference of the two commits; its ratio to the floor is what the developer pays
// for the checks beyond the least two Node hooks could cost.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepository, floorStep, gitEnv } from './staged.mjs';
import { interleave } from './timing.mjs';

const TARGET = 1.3;
const node = process.execPath;
const project = fileURLToPath(new URL('..', import.meta.url));

export const hook = {
  name: 'hook',
  title: 'git commit through the installed hook, a clean typical commit',

  run({ runs, warmup }) {
    const work = mkdtempSync(join(tmpdir(), 'leakgate-bench-hook-'));
    try {
      const repo = join(work, 'repo');
      const workload = createRepository(repo);
      mkdirSync(join(repo, 'node_modules', '.bin'), { recursive: true });
      symlinkSync(project, join(repo, 'node_modules', 'leakgate'));
      symlinkSync('../leakgate/dist/bin/leakgate.cjs', join(repo, 'node_modules', '.bin', 'leakgate'));
      const options = { cwd: repo, env: gitEnv, encoding: 'utf8' };
      const init = spawnSync(node, ['node_modules/.bin/leakgate', 'init'], options);
      if (init.status !== 0 || !init.stdout.includes('verified')) throw new Error(`leakgate init failed:\n${init.stdout}${init.stderr}`);
      const hookText = readFileSync(join(repo, '.git', 'hooks', 'pre-commit'), 'utf8');
      const messageHookText = readFileSync(join(repo, '.git', 'hooks', 'commit-msg'), 'utf8');
      // Each commit is undone (index kept) outside the timed part, so every run commits the same change.
      const undo = () => expectExit(spawnSync('git', ['reset', '--quiet', '--soft', 'HEAD~1'], options), 0, 'git reset --soft');
      const timings = interleave(
        [
          floorStep(options, { messageHook: true }),
          {
            name: 'noVerify',
            run: () => spawnSync('git', ['commit', '--quiet', '--no-verify', '-m', 'change'], options),
            check: (result) => {
              expectExit(result, 0, 'git commit --no-verify');
              undo();
            },
          },
          {
            name: 'hook',
            run: () => spawnSync('git', ['commit', '--quiet', '-m', 'change'], options),
            check: (result) => {
              expectExit(result, 0, 'git commit (through the hook)');
              undo();
            },
          },
        ],
        { warmup, runs },
      );
      const hookCost = timings.hook.median - timings.noVerify.median;
      const ratio = hookCost / timings.floor.median;
      return {
        workload,
        commands: {
          floor: 'node -e 0; git diff --cached -U0; node -e 0',
          noVerify: 'git commit --no-verify',
          hook: `git commit (hooks: ${hookText.trim().split('\n').at(-1)}; ${messageHookText.trim().split('\n').at(-1)})`,
        },
        timings,
        ratio: { of: '(hook − noVerify)/floor medians', value: ratio, target: TARGET, pass: ratio <= TARGET },
        checks: [
          {
            name: 'hook/(noVerify + floor)',
            pass: true,
            text: `whole commit: ${(timings.hook.median / (timings.noVerify.median + timings.floor.median)).toFixed(2)}× (git commit --no-verify + floor)`,
          },
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

function expectExit(result, code, label) {
  if (result.error) throw new Error(`${label} could not run: ${result.error.message}`);
  if (result.status !== code) throw new Error(`${label} exited with ${result.status} (expected ${code})\n${result.stderr || ''}${result.stdout || ''}`.trimEnd());
}
