// Scenario "staged": `leakgate staged` on a clean, typical commit, i.e. what the
// pre-commit hook costs a developer on every commit that holds no secret.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_TEMPLATE } from '../dist/init.js';
import { typicalCommit } from './generate.mjs';
import { interleave } from './timing.mjs';

const TARGET = 1.5;
const SEED = 1;
// Ink and React: from node_modules, or in the review screen's bundle (leakgate-tui*.mjs).
const INK_OR_REACT = /(^|\/)(ink|react)(\/|$)|(^|\/)leakgate-tui[^/]*\.mjs$/;
const TRACE = fileURLToPath(new URL('./trace-modules.mjs', import.meta.url));
const node = process.execPath;

/**
 * Git identity, dates and configuration fixed, so the repository is identical on
 * every run and the user's own git configuration plays no part. The measured
 * commands run with the same environment.
 */
export const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T12:00:00Z',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_COMMITTER_DATE: '2024-01-01T12:00:00Z',
};

/** What the staged scenarios time: the floor of a Node hook, and the hook's command. */
export const STAGED_COMMANDS = {
  floor: 'node -e 0; git diff --cached -U0',
  leakgate: 'node dist/bin/leakgate.cjs staged --quiet',
};

export const staged = {
  name: 'staged',
  title: 'leakgate staged on a clean typical commit',

  run({ cli, runs, warmup }) {
    const work = mkdtempSync(join(tmpdir(), 'leakgate-bench-'));
    try {
      const repo = join(work, 'repo');
      const workload = createRepository(repo);
      const options = { cwd: repo, env: gitEnv, encoding: 'utf8' };
      const timings = interleave(
        [
          floorStep(options),
          {
            name: 'leakgate',
            run: () => spawnSync(node, [cli, 'staged', '--quiet'], options),
            check: (result) => expectExit(result, 0, 'leakgate staged --quiet'),
          },
        ],
        { warmup, runs },
      );
      const ratio = timings.leakgate.median / timings.floor.median;
      return {
        workload,
        commands: STAGED_COMMANDS,
        timings,
        ratio: { of: 'leakgate/floor medians', value: ratio, target: TARGET, pass: ratio <= TARGET },
        checks: [modulesCheck(cli, repo, join(work, 'modules.log'))],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

/** An initial commit, then the typical commit written over it and staged. */
/** The floor a hook is measured against: Node starting, and git printing the staged diff. */
/**
 * The floor: `node -e 0` plus `git diff --cached -U0`, the least a Node hook that
 * reads the staged changes could cost. With `messageHook`, one more `node -e 0`:
 * the least a second Node hook (the commit-msg hook) could add to a commit.
 */
export function floorStep(options, { messageHook = false } = {}) {
  return {
    name: 'floor',
    run: () => [
      spawnSync(node, ['-e', '0'], options),
      spawnSync('git', ['diff', '--cached', '-U0'], options),
      ...(messageHook ? [spawnSync(node, ['-e', '0'], options)] : []),
    ],
    check: ([nodeRun, gitRun, messageRun]) => {
      expectExit(nodeRun, 0, 'node -e 0');
      expectExit(gitRun, 0, 'git diff --cached -U0');
      if (messageHook) expectExit(messageRun, 0, 'node -e 0');
    },
  };
}

export function createRepository(repo) {
  const commit = typicalCommit(SEED);
  const git = (...args) => {
    const result = spawnSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' });
    expectExit(result, 0, `git ${args.join(' ')}`);
    return result.stdout;
  };
  const write = (files) => {
    for (const { path, content } of files) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), content);
    }
  };
  mkdirSync(repo);
  git('-c', 'init.defaultBranch=main', 'init', '--quiet');
  write(commit.initial);
  // The config `leakgate init` writes: a real hook parses it on every commit.
  writeFileSync(join(repo, '.leakgate.yaml'), CONFIG_TEMPLATE);
  git('add', '--all');
  git('commit', '--quiet', '--no-verify', '--message', 'Initial commit');
  write(commit.staged);
  git('add', '--all');

  const statuses = git('diff', '--cached', '--name-status').trim().split('\n').map((line) => line[0]);
  const numstat = git('diff', '--cached', '--numstat').trim().split('\n').map((line) => line.split('\t'));
  const added = numstat.reduce((sum, [plus]) => sum + Number(plus), 0);
  const deleted = numstat.reduce((sum, [, minus]) => sum + Number(minus), 0);
  const modified = statuses.filter((status) => status === 'M').length;
  const created = statuses.filter((status) => status === 'A').length;
  return {
    files: statuses.length,
    modified,
    new: created,
    addedLines: added,
    deletedLines: deleted,
    summary: `${statuses.length} files (${modified} modified, ${created} new), +${added} -${deleted} lines`,
  };
}

/** React and Ink belong to the review screen: a run that opens no screen must not load them. */
function modulesCheck(cli, repo, log) {
  const name = 'no React/Ink without a TUI';
  if (typeof module.register !== 'function') {
    return { name, pass: true, skipped: true, text: `modules: not checked (module.register needs Node 20.6+)` };
  }
  writeFileSync(log, '');
  const result = spawnSync(node, ['--import', pathToFileURL(TRACE).href, cli, 'staged', '--quiet'], {
    cwd: repo,
    env: { ...gitEnv, BENCH_MODULE_LOG: log },
    encoding: 'utf8',
  });
  expectExit(result, 0, 'leakgate staged --quiet (with module tracing)');
  const modules = new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((entry) => (entry.startsWith('file:') ? fileURLToPath(entry) : entry).replaceAll('\\', '/')),
  );
  const offending = [...modules].filter((entry) => INK_OR_REACT.test(entry));
  return {
    name,
    pass: offending.length === 0,
    loaded: modules.size,
    inkOrReact: offending,
    text: `modules loaded: ${modules.size}, ink/react: ${offending.length === 0 ? 'none' : offending.join(', ')}`,
  };
}

function expectExit(result, code, label) {
  if (result.error) throw new Error(`${label} could not run: ${result.error.message}`);
  if (result.status !== code) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.status}`;
    throw new Error(`${label} ${how} (expected ${code})\n${result.stderr || ''}${result.stdout || ''}`.trimEnd());
  }
}
