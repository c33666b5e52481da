// Scenario "charts": `leakgate history` over a slice of a real chart repository
// (a clone of bitnami/charts, whose commits touch Helm values, templates and
// CustomResourceDefinitions of hundreds of kilobytes), against the floor of git
// printing that slice, `git log -p -U0 RANGE > /dev/null`, interleaved in the
// same run (see run.mjs).
//
// The clone is not part of this repository: give its path in LEAKGATE_BENCH_CHARTS
// (a work tree or a bare clone). Without it the scenario is skipped with a note.
// The slice is the last LEAKGATE_BENCH_CHARTS_COMMITS commits of its HEAD (default
// 5000), named by commit ids in the report so that runs can be compared. Scenario
// "charts-full" takes the whole history of HEAD (tens of thousands of commits, a few
// minutes a run). A clone that lacks blobs (a mirror that left large files out)
// would make both commands fail: the paths that held a missing blob in the range
// are left out of both (`-- . ':(exclude)PATH'`), and the report names them.
//
// Wall time is what the ratio is taken on, as for every scenario; where GNU time
// is installed the CPU time (user + system, leakgate's threads and git children
// included) and peak RSS of every measured run are reported too: on a shared
// machine CPU time moves less than wall time. Targets: at most 1.25x git's time,
// peak RSS under 300 MB.
//
// Environment: LEAKGATE_BENCH_CHARTS, LEAKGATE_BENCH_CHARTS_COMMITS (default 5000),
// BENCH_CHARTS_RUNS (default 3; charts-full: BENCH_CHARTS_FULL_RUNS, default 1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { envCount, percentile, interleave } from './timing.mjs';

const TARGET = 1.25;
const RSS_TARGET_MB = 300;
const node = process.execPath;
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, NO_COLOR: '1' };
const TIME = '/usr/bin/time';

export const charts = chartsScenario({
  name: 'charts',
  title: 'leakgate history on a slice of bitnami/charts, against git log -p -U0 of the same slice',
  runs: () => envCount('BENCH_CHARTS_RUNS', 3),
  commits: () => envCount('LEAKGATE_BENCH_CHARTS_COMMITS', 5000),
});

export const chartsFull = chartsScenario({
  name: 'charts-full',
  title: 'leakgate history on the whole history of bitnami/charts, against git log -p -U0 of it',
  runs: () => envCount('BENCH_CHARTS_FULL_RUNS', 1),
  commits: () => Infinity,
});

function chartsScenario({ name, title, runs: runCount, commits: commitCount }) {
  return {
    name,
    title,

    run({ cli, warmup }) {
      const repo = process.env.LEAKGATE_BENCH_CHARTS;
      if (!repo) return { skipped: 'LEAKGATE_BENCH_CHARTS is not set (the path of a clone of https://github.com/bitnami/charts)' };
      if (!existsSync(repo)) return { skipped: `LEAKGATE_BENCH_CHARTS=${repo}: no such directory` };
      const runs = runCount();
      const commits = commitCount();
      const options = { cwd: repo, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 28 };
      const git = (...args) => {
        const result = spawnSync('git', args, options);
        if (result.status !== 0) throw new Error(`git ${args.join(' ')} in ${repo}: ${result.stderr.trim()}`);
        return result.stdout.trim();
      };
      const head = git('rev-parse', 'HEAD');
      const listed = git('rev-list', ...(Number.isFinite(commits) ? [`--max-count=${commits + 1}`] : []), head).split('\n');
      const range = listed.length > commits ? `${listed[commits]}..${head}` : head;
      const scanned = listed.length > commits ? commits : listed.length;
      const excluded = pathsOfMissingBlobs(git, range);
      const pathspec = excluded.length === 0 ? [] : ['--', '.', ...excluded.map((path) => `:(exclude,literal)${path}`)];
      const quoted = pathspec.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');

      const timed = existsSync(TIME);
      const scratch = mkdtempSync(join(tmpdir(), 'leakgate-bench-charts-'));
      const usage = { git: [], leakgate: [] };
      /** Runs `argv`, under GNU time when there is one, keeping its CPU seconds and peak RSS. */
      const measured = (name, argv) => () => {
        if (!timed) return spawnSync(argv[0], argv.slice(1), options);
        const file = join(scratch, `${name}.time`);
        const result = spawnSync(TIME, ['-f', '%U %S %M', '-o', file, ...argv], options);
        const [user, system, kb] = readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
        result.usage = { cpuS: user + system, rssMb: kb / 1024 };
        return result;
      };
      const record = (name) => (result) => {
        if (result.usage) usage[name].push(result.usage);
      };
      try {
        const timings = interleave(
          [
            {
              name: 'git',
              run: measured('git', ['sh', '-c', `git log -p -U0 ${range} ${quoted} > /dev/null`]),
              check: (result) => {
                expectExit(result, [0], 'git log -p -U0');
                record('git')(result);
              },
            },
            {
              name: 'leakgate',
              run: measured('leakgate', [node, cli, 'history', range, '--no-config', '--format', 'json', '--quiet', '--output', devNull, ...pathspec]),
              check: (result) => {
                expectExit(result, [0, 1], 'leakgate history');
                record('leakgate')(result);
              },
            },
          ],
          { warmup: Math.min(warmup, 1), runs },
        );
        // The warm-up rounds were recorded too: keep the measured ones.
        for (const name of Object.keys(usage)) usage[name] = usage[name].slice(-runs);
        const ratio = timings.leakgate.median / timings.git.median;
        const median = (name, field) => percentile(usage[name].map((u) => u[field]).sort((a, b) => a - b), 50);
        const checks = timed
          ? [
              {
                name: 'cpu',
                pass: true,
                text: `CPU ${median('leakgate', 'cpuS').toFixed(2)} s vs git ${median('git', 'cpuS').toFixed(2)} s: ${(median('leakgate', 'cpuS') / median('git', 'cpuS')).toFixed(2)}× (medians of the measured runs)`,
              },
              {
                name: 'peak RSS',
                pass: median('leakgate', 'rssMb') < RSS_TARGET_MB,
                text: `peak RSS ${median('leakgate', 'rssMb').toFixed(0)} MB (target < ${RSS_TARGET_MB} MB; git's own ${median('git', 'rssMb').toFixed(0)} MB)`,
              },
            ]
          : [{ name: 'cpu', pass: true, skipped: true, text: `CPU time and peak RSS not measured: ${TIME} missing` }];
        return {
          runs,
          warmup: Math.min(warmup, 1),
          workload: {
            range,
            commits: scanned,
            excluded,
            summary: `${scanned} commits of bitnami/charts (${range})${excluded.length === 0 ? '' : `; left out, their blobs missing from the clone: ${excluded.join(', ')}`}`,
          },
          commands: {
            git: `git log -p -U0 ${range} ${quoted} > /dev/null`,
            leakgate: `node dist/bin/leakgate.cjs history ${range} --no-config --format json --quiet ${quoted}`,
          },
          timings,
          ratio: { of: 'leakgate/git medians', value: ratio, target: TARGET, pass: ratio <= TARGET },
          checks,
        };
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}

function expectExit(result, codes, label) {
  if (result.error) throw new Error(`${label} could not run: ${result.error.message}`);
  if (!codes.includes(result.status)) {
    throw new Error(`${label} exited with ${result.status} (expected ${codes.join(' or ')})\n${result.stderr || ''}`.trimEnd());
  }
}

/**
 * The paths that hold a blob this clone lacks, in `range` (`git rev-list
 * --missing=print` names the blobs; `git log --raw` the paths that held them).
 */
function pathsOfMissingBlobs(git, range) {
  const missing = new Set(
    git('rev-list', '--objects', '--missing=print', range)
      .split('\n')
      .filter((line) => line.startsWith('?'))
      .map((line) => line.slice(1)),
  );
  if (missing.size === 0) return [];
  const paths = new Set();
  for (const line of git('log', '--format=', '--raw', '--no-abbrev', '--no-renames', range).split('\n')) {
    // `:old-mode new-mode old-oid new-oid status<TAB>path`
    const tab = line.indexOf('\t');
    if (!line.startsWith(':') || tab < 0) continue;
    const [, , oldOid, newOid] = line.slice(1, tab).split(' ');
    if (missing.has(oldOid) || missing.has(newOid)) paths.add(line.slice(tab + 1));
  }
  return [...paths].sort();
}
