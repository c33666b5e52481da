// leakgate benchmarks: `npm run bench` (all scenarios) or `node bench/run.mjs staged`.
//
// What is measured: the wall time of the leakgate CLI as its users run it, as a
// fresh process each time (a pre-commit hook starts Node on every commit), against
// a floor: the least any hook written in Node that reads the staged changes could
// cost, i.e. starting Node (`node -e 0`) plus asking git for the diff
// (`git diff --cached -U0`). What leakgate adds on top of that floor is its own
// cost: loading its code and rules, scanning, reporting.
//
// Why a ratio against a floor measured in the same run: absolute times depend on
// the machine and on whatever else it is doing, and benchmark machines are shared
// and noisy. The floor and leakgate are run alternately (A B A B ...) after a few
// warm-up rounds, so load spikes, CPU frequency changes and a cold file cache
// affect both alike, and the ratio of their medians is comparable across machines
// and across runs where the milliseconds are not. The target for the clean commit
// is leakgate ≤ 1.5× the floor.
//
// The bench reports and does not gate: it exits 0 whether the targets are met or
// not, and 1 only when leakgate itself fails (a clean commit must exit 0).
//
// Environment: BENCH_RUNS (measured runs per command, default 25) and BENCH_WARMUP
// (warm-up rounds, default 3). Results are printed and written to bench/results/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { charts, chartsFull } from './charts.mjs';
import { findings } from './findings.mjs';
import { history } from './history.mjs';
import { review } from './review.mjs';
import { hook } from './hook.mjs';
import { rules } from './rules.mjs';
import { staged } from './staged.mjs';
import { vendoring } from './vendoring.mjs';
import { envCount } from './timing.mjs';

const SCENARIOS = [staged, hook, vendoring, review, history, charts, chartsFull, rules, findings];

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/bin/leakgate.cjs', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function main() {
  const runs = envCount('BENCH_RUNS', 25);
  const warmup = envCount('BENCH_WARMUP', 3);
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario: ${unknown.join(', ')} (have: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  }
  if (!existsSync(cli)) throw new Error(`${relative(root, cli)} not found: run \`npm run build\` first`);

  const environment = {
    node: process.version,
    git: spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout?.trim().replace(/^git version /, ''),
    platform: `${process.platform} ${process.arch}`,
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  };
  mkdirSync(resultsDir, { recursive: true });
  for (const scenario of SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    const result = { scenario: scenario.name, title: scenario.title, date: new Date().toISOString(), environment, runs, warmup };
    Object.assign(result, await scenario.run({ cli, runs, warmup }));
    // A scenario on data that is not here (a real repository's clone) says why it did not run.
    if (result.skipped) {
      console.log(`\n${result.title}\n  skipped   ${result.skipped}\n`);
      continue;
    }
    const file = `${resultsDir}${scenario.name}.json`;
    writeFileSync(file, `${JSON.stringify(result, rounded, 2)}\n`);
    print(result, relative(process.cwd(), file));
  }
}

function print(result, file) {
  const ms = (value) => `${value.toFixed(1)} ms`.padStart(9);
  const verdict = (pass) => (pass ? 'PASS' : 'FAIL');
  const names = Object.keys(result.timings);
  const width = Math.max(...names.map((name) => name.length));
  const out = [
    '',
    `${result.title}`,
    `  workload  ${result.workload.summary}`,
    `  runs      ${result.runs} measured per command, after ${result.warmup} warm-up, interleaved`,
    `  on        node ${result.environment.node}, git ${result.environment.git}, ${result.environment.platform}`,
    '',
    `  ${''.padEnd(width)}  ${['median', 'min', 'p90'].map((h) => h.padStart(9)).join(' ')}`,
    ...names.map((name) => {
      const t = result.timings[name];
      return `  ${name.padEnd(width)}  ${ms(t.median)} ${ms(t.min)} ${ms(t.p90)}   ${result.commands[name]}`;
    }),
    '',
    result.ratio.pass === undefined
      ? `  ratio     ${result.ratio.value.toFixed(2)}× ${result.ratio.of}`
      : `  ratio     ${result.ratio.value.toFixed(2)}× ${result.ratio.of} (target ≤ ${result.ratio.target}×)  ${verdict(result.ratio.pass)}`,
    ...result.checks.map((check) => `  check     ${check.text}  ${check.skipped ? 'SKIPPED' : verdict(check.pass)}`),
    '',
    `  written to ${file}`,
    '',
  ];
  console.log(out.join('\n'));
}

/** JSON numbers to the microsecond: enough for milliseconds, readable in a diff. */
function rounded(_key, value) {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
