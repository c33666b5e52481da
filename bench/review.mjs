// Scenario "review": how long a blocked commit keeps the developer waiting for the
// review screen. `leakgate staged` runs on a commit that adds a secret, once with
// the text report (`--no-tui`: the time to find the secret and say so) and once
// in a pseudo-terminal (`script`), where it opens the review screen; the second is
// timed from start to the screen's first frame on the terminal. The difference is
// what the screen itself costs (loading its code, drawing): the target is at most
// 400 ms. Both run alternately, so the machine's load affects them alike.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { base62, crc32 } from '../dist/patterns/checksum.js';
import { summarize } from './timing.mjs';

const TARGET_MS = 400;
const FIRST_FRAME = 'leakgate · commit blocked';
const node = process.execPath;

const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  NO_COLOR: '1',
  TERM: 'xterm-256color',
};
for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'LEAKGATE_NO_TUI', 'TMUX']) delete gitEnv[name];

export const review = {
  name: 'review',
  title: 'leakgate staged on a commit that adds a secret: text report vs. first frame of the review screen',

  async run({ cli, runs, warmup }) {
    const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
    if (!hasScript) throw new Error('the review scenario needs `script` (util-linux) for a pseudo-terminal');
    const work = mkdtempSync(join(tmpdir(), 'leakgate-bench-review-'));
    try {
      const repo = join(work, 'repo');
      createRepository(repo);
      const text = [];
      const frame = [];
      for (let round = 0; round < warmup + runs; round++) {
        const report = timeTextReport(cli, repo);
        const screen = await timeFirstFrame(cli, repo);
        if (round >= warmup) {
          text.push(report);
          frame.push(screen);
        }
      }
      const timings = { text: summarize(text), firstFrame: summarize(frame) };
      const added = timings.firstFrame.median - timings.text.median;
      return {
        workload: { summary: '1 staged file adding a GitHub token, in a pseudo-terminal of 80x24 (script)' },
        commands: {
          text: 'node dist/bin/leakgate.cjs staged --no-tui',
          firstFrame: 'script -c "node dist/bin/leakgate.cjs staged": until the first frame',
        },
        timings,
        ratio: { of: 'firstFrame/text medians', value: timings.firstFrame.median / timings.text.median },
        checks: [
          {
            name: 'first frame within 400 ms of the text report',
            pass: added <= TARGET_MS,
            addedMs: added,
            text: `first frame ${added.toFixed(0)} ms after the text report (medians; target ≤ ${TARGET_MS} ms)`,
          },
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

function createRepository(repo) {
  const git = (...args) => {
    const result = spawnSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  };
  mkdirSync(join(repo, 'src'), { recursive: true });
  git('-c', 'init.defaultBranch=main', 'init', '--quiet');
  writeFileSync(join(repo, 'README.md'), '# app\n');
  git('add', '--all');
  git('commit', '--quiet', '--no-verify', '--message', 'Initial commit');
  // A GitHub token with a valid checksum, made here: none was ever issued.
  const body = 'Bench0Review0Screen0Token00001';
  writeFileSync(join(repo, 'src/client.ts'), `export const token = "ghp_${body}${base62(crc32(body), 6)}";\n`);
  git('add', '--all');
}

function timeTextReport(cli, repo) {
  const start = process.hrtime.bigint();
  const result = spawnSync(node, [cli, 'staged', '--no-tui'], { cwd: repo, env: gitEnv, encoding: 'utf8' });
  const elapsed = process.hrtime.bigint() - start;
  if (result.status !== 1 || !result.stdout.includes('github-pat')) {
    throw new Error(`leakgate staged --no-tui exited ${result.status} (expected 1 with the finding)\n${result.stderr}`);
  }
  return elapsed;
}

/** Starts the scan in a pseudo-terminal, times it to the first frame, then aborts it with Ctrl-C. */
function timeFirstFrame(cli, repo) {
  const command = `stty cols 80 rows 24; exec ${quote(node)} ${quote(cli)} staged`;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('script', ['--quiet', '--return', '--command', command, devNull], { cwd: repo, env: gitEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let elapsed;
    child.stdout.on('data', (chunk) => {
      output += chunk.toString('utf8');
      if (elapsed === undefined && output.includes(FIRST_FRAME)) {
        elapsed = process.hrtime.bigint() - start;
        child.stdin.write('\u0003');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (elapsed === undefined) reject(new Error(`the review screen never showed (exit ${code}):\n${output.slice(-2000)}`));
      else resolve(elapsed);
    });
  });
}

function quote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
