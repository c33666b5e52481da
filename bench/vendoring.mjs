// Scenario "vendoring": a commit that vendors a dependency, 5,000 files of
// third-party code staged at once under vendor/, through `leakgate staged --quiet`
// as the pre-commit hook runs it, against the floor of the staged scenario
// (`node -e 0` plus `git diff --cached -U0`), interleaved (see run.mjs).
//
// The files are real published code: the text files (.js .cjs .mjs .ts .json .md
// and the like, at most 1 MiB, no NUL byte) of this project's installed
// node_modules, the first ones in sorted path order, so two runs on the same install
// stage the same bytes. They are copied into the temporary repository only. The
// tool state kept beside the packages (every top-level entry of node_modules whose
// name starts with a dot: .cache, .vite, .bin, .package-lock.json) is left out: it
// is not third-party code, and some of it changes from one run to the next.
//
// A scan that skipped vendor/ or node_modules-like paths would make the figures
// meaningless, so before timing one JSON report must count every staged file as
// scanned (empty files aside: they add no line to scan). Third-party code holds
// secret-shaped test strings: leakgate may block the commit (exit 1), which is
// accepted, and the number of findings is reported, never the findings (the
// measured runs' output is discarded). The review screen is turned off
// (LEAKGATE_NO_TUI=1), as when git runs the hook from a GUI client.
//
// Where GNU time is installed, every measured leakgate run is run under it (a
// millisecond on a run of seconds) for its CPU time and peak RSS. Targets: at most
// 2 times the floor, peak RSS under 200 MB.
//
// Environment: BENCH_VENDOR_FILES (files staged, default 5000), BENCH_VENDOR_RUNS
// (measured runs per command, default 3); one warm-up round at most, as a run takes
// seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_TEMPLATE } from '../dist/init.js';
import { floorStep, gitEnv, STAGED_COMMANDS } from './staged.mjs';
import { envCount, interleave, percentile } from './timing.mjs';

const TARGET = 2;
const RSS_TARGET_MB = 200;
const FILES = 5000;
const MAX_FILE_BYTES = 1024 * 1024;
const TEXT_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx', '.json', '.md']);
const TIME = '/usr/bin/time';
const node = process.execPath;
const nodeModules = fileURLToPath(new URL('../node_modules/', import.meta.url));

export const vendoring = {
  name: 'vendoring',
  title: 'leakgate staged on a commit that vendors a dependency (thousands of third-party files)',

  run({ cli, warmup }) {
    const runs = envCount('BENCH_VENDOR_RUNS', 3);
    const wanted = envCount('BENCH_VENDOR_FILES', FILES);
    const work = mkdtempSync(join(tmpdir(), 'leakgate-bench-vendoring-'));
    try {
      const repo = join(work, 'repo');
      const workload = createVendoringCommit(repo, wanted);
      const env = { ...gitEnv, LEAKGATE_NO_TUI: '1' };
      // The floor reads the whole diff (tens of megabytes) as a hook would.
      const options = { cwd: repo, env, encoding: 'utf8', maxBuffer: 1 << 30 };
      const found = scannedReport(cli, repo, env, join(work, 'report.json'), workload.files - workload.empty);

      const timed = existsSync(TIME);
      const usage = [];
      const argv = [node, cli, 'staged', '--quiet'];
      const quiet = { ...options, stdio: ['ignore', 'ignore', 'pipe'] };
      const timeFile = join(work, 'leakgate.time');
      const timings = interleave(
        [
          floorStep(options),
          {
            name: 'leakgate',
            run: () => (timed ? spawnSync(TIME, ['-f', '%U %S %M', '-o', timeFile, ...argv], quiet) : spawnSync(argv[0], argv.slice(1), quiet)),
            check: (result) => {
              expectExit(result, [0, 1], 'leakgate staged --quiet');
              if (timed) {
                const [user, system, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
                usage.push({ cpuS: user + system, rssMb: kb / 1024 });
              }
            },
          },
        ],
        { warmup: Math.min(warmup, 1), runs },
      );
      const measured = usage.slice(-runs);
      const median = (field) => percentile(measured.map((u) => u[field]).sort((a, b) => a - b), 50);
      const ratio = timings.leakgate.median / timings.floor.median;
      const findingsCheck = {
        name: 'findings',
        pass: true,
        findings: found.findings,
        policy: found.policy,
        text: `every staged file scanned (${found.files}); ${found.findings} findings, ${found.policy} policy findings in the third-party code (exit ${found.exit})`,
      };
      const checks = timed
        ? [
            findingsCheck,
            { name: 'cpu', pass: true, cpuS: median('cpuS'), text: `CPU ${median('cpuS').toFixed(2)} s (median of the measured runs)` },
            {
              name: 'peak RSS',
              pass: median('rssMb') < RSS_TARGET_MB,
              rssMb: median('rssMb'),
              text: `peak RSS ${median('rssMb').toFixed(0)} MB (target < ${RSS_TARGET_MB} MB)`,
            },
          ]
        : [findingsCheck, { name: 'peak RSS', pass: true, skipped: true, text: `CPU time and peak RSS not measured: ${TIME} missing` }];
      return {
        runs,
        warmup: Math.min(warmup, 1),
        workload,
        commands: STAGED_COMMANDS,
        timings,
        ratio: { of: 'leakgate/floor medians', value: ratio, target: TARGET, pass: ratio <= TARGET },
        checks,
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

/**
 * The first `count` text files of node_modules in sorted path order (paths relative
 * to it, `/`-separated). Symbolic links are not followed, so each file is taken once.
 */
function thirdPartyFiles(count) {
  if (!existsSync(nodeModules)) throw new Error('node_modules not found: run `npm install` first');
  const candidates = [];
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (prefix === '' && entry.name.startsWith('.')) continue;
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${path}/`);
      else if (entry.isFile() && TEXT_EXTENSIONS.has(extname(entry.name))) candidates.push(path);
    }
  };
  walk(nodeModules, '');
  candidates.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const chosen = [];
  for (const path of candidates) {
    if (chosen.length === count) break;
    const file = join(nodeModules, path);
    if (statSync(file).size > MAX_FILE_BYTES) continue;
    const content = readFileSync(file);
    if (content.includes(0)) continue;
    chosen.push({ path, content });
  }
  return chosen;
}

/** An initial commit holding the config `leakgate init` writes, then the vendored files staged under vendor/. */
export function createVendoringCommit(repo, wanted) {
  const git = (...args) => {
    const result = spawnSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
    expectExit(result, [0], `git ${args.join(' ')}`);
    return result.stdout;
  };
  mkdirSync(repo);
  git('-c', 'init.defaultBranch=main', 'init', '--quiet');
  writeFileSync(join(repo, '.leakgate.yaml'), CONFIG_TEMPLATE);
  git('add', '--all');
  git('commit', '--quiet', '--no-verify', '--message', 'Initial commit');

  const files = thirdPartyFiles(wanted);
  if (files.length === 0) throw new Error('no text files found in node_modules');
  for (const { path, content } of files) {
    const target = join(repo, 'vendor', path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  // --force: a user's global excludes must not leave vendored files out.
  git('add', '--force', '--', 'vendor');
  const staged = git('diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean).length;
  if (staged !== files.length) throw new Error(`copied ${files.length} files into vendor/ but git staged ${staged}`);
  const numstat = git('diff', '--cached', '--numstat').trim().split('\n').map((line) => line.split('\t'));
  const added = numstat.reduce((sum, [plus]) => sum + (plus === '-' ? 0 : Number(plus)), 0);
  // An empty file adds no line: there is nothing in it to scan.
  const empty = numstat.filter(([plus]) => plus === '0').length;
  const bytes = files.reduce((sum, { content }) => sum + content.length, 0);
  const packages = new Set(files.map(({ path }) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/'))).size;
  const fewer = files.length < wanted ? ` (only ${files.length} such files in node_modules, ${wanted} asked for)` : '';
  const empties = empty > 0 ? ` (${empty} empty)` : '';
  return {
    files: files.length,
    requested: wanted,
    empty,
    bytes,
    addedLines: added,
    packages,
    first: files[0].path,
    last: files.at(-1).path,
    summary: `${files.length} new files${empties} under vendor/ from ${packages} packages of node_modules${fewer}, ${(bytes / 1024 / 1024).toFixed(1)} MiB, +${added} lines`,
  };
}

/**
 * One JSON report before timing: every staged file that adds a line must have been
 * scanned (a default allowlist for vendor/ or node_modules/ would leave most of the
 * work undone), and it gives the number of findings. The report stays in the
 * scratch directory.
 */
function scannedReport(cli, repo, env, report, staged) {
  const result = spawnSync(node, [cli, 'staged', '--quiet', '--format', 'json', '--output', report], { cwd: repo, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  expectExit(result, [0, 1], 'leakgate staged --format json');
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const files = json.stats?.files;
  if (files !== staged) {
    throw new Error(
      `leakgate scanned ${files} of the ${staged} staged files that add lines (stats.files in its JSON report): it must not skip vendor/ or node_modules-like paths`,
    );
  }
  return { files, findings: json.findings.length, policy: json.policy?.length ?? 0, exit: result.status };
}

function expectExit(result, codes, label) {
  if (result.error) throw new Error(`${label} could not run: ${result.error.message}`);
  if (!codes.includes(result.status)) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.status}`;
    throw new Error(`${label} ${how} (expected ${codes.join(' or ')})\n${result.stderr || ''}`.trimEnd());
  }
}
