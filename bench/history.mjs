// Scenario "history": `leakgate history --all` over a generated repository of 5,000
// commits (bench/make-history-repo.mjs, cached under bench/.work/), against the
// floor a history scanner cannot beat: git printing that history,
// `git log -p -U0 --all > /dev/null`. The two run interleaved in the same run, so
// the ratio of their medians is comparable across machines (see run.mjs).
//
// Also measured: leakgate's peak resident memory (its own and its threads'; git's
// is reported apart), and checked: the planted secrets are all found at the
// commits that added them, and `--workers 1` and `--workers 2` report the same
// findings. Targets: at most 1.25x git's time, peak RSS under 300 MB.
//
// Environment: BENCH_HISTORY_RUNS (default 5), BENCH_HISTORY_COMMITS (default 5000).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_COMMITS, makeHistoryRepo } from './make-history-repo.mjs';
import { envCount, interleave } from './timing.mjs';

const TARGET = 1.25;
const RSS_TARGET_MB = 300;
const GENERATOR_VERSION = 1;
const work = fileURLToPath(new URL('./.work/', import.meta.url));
const node = process.execPath;
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, NO_COLOR: '1' };

export const history = {
  name: 'history',
  title: 'leakgate history --all on a generated repository, against git log -p -U0 --all',

  run({ cli, warmup }) {
    const runs = envCount('BENCH_HISTORY_RUNS', 5);
    const commits = envCount('BENCH_HISTORY_COMMITS', DEFAULT_COMMITS);
    const { repo, info } = cachedRepository(commits);
    const options = { cwd: repo, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 28 };
    const scan = (workers) =>
      spawnSync(node, [cli, 'history', '--all', ...(workers ? ['--workers', String(workers)] : []), '--format', 'json', '--quiet'], options);
    const timings = interleave(
      [
        {
          name: 'git',
          run: () => spawnSync('sh', ['-c', 'git log -p -U0 --all > /dev/null'], options),
          check: (result) => expectExit(result, 0, 'git log -p -U0 --all'),
        },
        { name: 'leakgate', run: () => scan(), check: (result) => expectExit(result, 1, 'leakgate history --all') },
        { name: 'leakgate-w1', run: () => scan(1), check: (result) => expectExit(result, 1, 'leakgate history --all --workers 1') },
      ],
      { warmup: Math.min(warmup, 1), runs },
    );
    const ratio = timings.leakgate.median / timings.git.median;
    const one = findings(scan(1));
    const two = findings(scan(2));
    const memory = peakRss(cli, repo);
    const checks = [
      plantedCheck(one, info.planted),
      {
        name: 'workers 1 and 2 agree',
        pass: JSON.stringify(one) === JSON.stringify(two),
        text: `--workers 1 and --workers 2: ${one.length} and ${two.length} findings, ${JSON.stringify(one) === JSON.stringify(two) ? 'identical' : 'DIFFERENT'}`,
      },
      {
        name: 'peak RSS',
        pass: memory.leakgateMb < RSS_TARGET_MB,
        ...memory,
        text: `peak RSS ${memory.leakgateMb.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB; git's own ${memory.gitMb.toFixed(0)} MB)`,
      },
      {
        name: 'one git process vs git',
        pass: true,
        text: `--workers 1 at ${(timings['leakgate-w1'].median / timings.git.median).toFixed(2)}× git`,
      },
    ];
    return {
      runs,
      warmup: Math.min(warmup, 1),
      workload: { ...info.stats, summary: `${info.commits} commits (${info.merges} merges), ${info.stats.diffMb.toFixed(1)} MB of git log -p -U0 output, ${info.planted.length} planted secrets` },
      commands: {
        git: 'git log -p -U0 --all > /dev/null',
        leakgate: 'node dist/bin/leakgate.cjs history --all --format json --quiet (default: 2 git processes here)',
        'leakgate-w1': 'node dist/bin/leakgate.cjs history --all --workers 1 --format json --quiet',
      },
      timings,
      ratio: { of: 'leakgate/git medians', value: ratio, target: TARGET, pass: ratio <= TARGET },
      checks,
    };
  },
};

/** The generated repository, rebuilt only when missing or made by another generator version. */
function cachedRepository(commits) {
  const repo = join(work, `history-${commits}`);
  const infoFile = join(work, `history-${commits}.json`);
  if (existsSync(infoFile) && existsSync(repo)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8'));
    if (info.version === GENERATOR_VERSION) return { repo, info };
  }
  const made = makeHistoryRepo(repo, commits);
  const bytes = spawnSync('sh', ['-c', 'git log -p -U0 --all | wc -c'], { cwd: repo, env: gitEnv, encoding: 'utf8' }).stdout;
  const info = { version: GENERATOR_VERSION, ...made, stats: { diffMb: Number(bytes) / 1e6 } };
  writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
  return { repo, info };
}

function findings(result) {
  expectExit(result, 1, 'leakgate history --all --format json');
  return JSON.parse(result.stdout).findings.map((f) => `${f.commit} ${f.file}:${f.line} ${f.ruleId} x${f.commits}`);
}

function plantedCheck(found, planted) {
  const missing = planted.filter(
    (p) => !found.some((line) => line.startsWith(`${p.commit} ${p.path}:`) && line.includes(` ${p.rule} x${p.commits}`)),
  );
  return {
    name: 'planted secrets found',
    pass: missing.length === 0,
    text: `planted secrets: ${planted.length - missing.length}/${planted.length} found at their first commit with the right count (${found.length} findings)`,
    ...(missing.length > 0 ? { missing } : {}),
  };
}

/**
 * Peak RSS of leakgate (the process and its threads) from GNU time (/usr/bin/time -v),
 * which reports the largest of the process and the children it waited for: git's
 * own peak is measured apart, so the two can be told apart.
 */
function peakRss(cli, repo) {
  const args = [cli, 'history', '--all', '--format', 'json', '--quiet', '--output', devNull];
  if (existsSync('/usr/bin/time')) {
    const result = spawnSync('/usr/bin/time', ['-v', node, ...args], { cwd: repo, env: gitEnv, encoding: 'utf8' });
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1] ?? NaN);
    const git = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', 'git log -p -U0 --all > /dev/null'], { cwd: repo, env: gitEnv, encoding: 'utf8' });
    const gitKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(git.stderr)?.[1] ?? NaN);
    // GNU time reports the largest of the process and its waited-for children: git's is measured apart.
    return { leakgateMb: kb / 1024, gitMb: gitKb / 1024, how: '/usr/bin/time -v (max of leakgate and its git children)' };
  }
  return { leakgateMb: NaN, gitMb: NaN, how: 'not measured: /usr/bin/time missing' };
}

function expectExit(result, code, label) {
  if (result.error) throw new Error(`${label} could not run: ${result.error.message}`);
  if (result.status !== code) {
    throw new Error(`${label} exited with ${result.status} (expected ${code})\n${result.stderr || ''}`.trimEnd());
  }
}
