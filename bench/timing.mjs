// Timing helpers: an interleaved runner and the statistics the reports print.

const NS_PER_MS = 1e6;

/**
 * Percentile of an ascending array, interpolating linearly between the two nearest
 * ranks (p = 50 is the median, also for an even count).
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Median, min and p90 of samples in nanoseconds (bigint), in milliseconds; samples kept in run order. */
export function summarize(samplesNs) {
  const ms = samplesNs.map((ns) => Number(ns) / NS_PER_MS);
  const sorted = [...ms].sort((a, b) => a - b);
  return { runs: ms.length, median: percentile(sorted, 50), min: sorted[0], p90: percentile(sorted, 90), samples: ms };
}

/**
 * Runs the tasks in turn (A B A B ...) so that whatever else the machine is doing
 * slows them alike. Each task is `{ name, run, check }`: only `run` (synchronous,
 * typically one or more spawnSync calls) is timed; `check` receives its return
 * value and throws if the run failed. The first `warmup` rounds are not recorded.
 * Returns `{ [name]: summary }`.
 */
export function interleave(tasks, { warmup, runs }) {
  const samples = new Map(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const task of tasks) {
      const start = process.hrtime.bigint();
      const result = task.run();
      const elapsed = process.hrtime.bigint() - start;
      task.check?.(result);
      if (round >= warmup) samples.get(task.name).push(elapsed);
    }
  }
  return Object.fromEntries([...samples].map(([name, ns]) => [name, summarize(ns)]));
}

/** A positive integer from the environment, or the default. */
export function envCount(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
