// Scenario "findings": the cost of many findings in one file. `leakgate files` on a
// file of 90,000 `password_N = "..."` assignments (each one a finding) against one
// of 9,000, interleaved. Locating, deduplicating and masking findings must not walk
// the file once per finding, so ten times the findings may cost at most 20 times
// as long (a quadratic step would cost about 100 times).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from './generate.mjs';
import { envCount, interleave } from './timing.mjs';

const TARGET = 20;
const SMALL = 9_000;
const LARGE = 90_000;
const work = fileURLToPath(new URL('./.work/', import.meta.url));
const node = process.execPath;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const findings = {
  name: 'findings',
  title: `leakgate files on one file of ${LARGE.toLocaleString('en')} assignments against one of ${SMALL.toLocaleString('en')}`,

  run({ cli, warmup }) {
    const runs = envCount('BENCH_FINDINGS_RUNS', 3);
    const small = assignments(SMALL);
    const large = assignments(LARGE);
    const report = join(work, 'findings-report.json');
    const scan = (file) => spawnSync(node, [cli, 'files', file, '--no-gitignore', '--no-config', '--quiet', '--format', 'json', '--output', report], { encoding: 'utf8' });
    const ok = (label) => (result) => {
      if (result.status !== 1) throw new Error(`${label} exited ${result.status}, expected 1 (findings): ${result.stderr}`);
    };
    const count = (file) => {
      ok(file)(scan(file));
      return JSON.parse(readFileSync(report, 'utf8')).findings.length;
    };
    const [smallFindings, largeFindings] = [count(small), count(large)];
    const timings = interleave(
      [
        { name: `${SMALL}-lines`, run: () => scan(small), check: ok(`${SMALL} lines`) },
        { name: `${LARGE}-lines`, run: () => scan(large), check: ok(`${LARGE} lines`) },
      ],
      { warmup: Math.min(warmup, 1), runs },
    );
    const ratio = timings[`${LARGE}-lines`].median / timings[`${SMALL}-lines`].median;
    return {
      runs,
      warmup: Math.min(warmup, 1),
      workload: { summary: `${smallFindings} and ${largeFindings} findings in one file` },
      commands: {
        [`${SMALL}-lines`]: `leakgate files FILE (${SMALL} assignments)`,
        [`${LARGE}-lines`]: `leakgate files FILE (${LARGE} assignments)`,
      },
      timings,
      ratio: { of: `${LARGE}/${SMALL} lines medians`, value: ratio, target: TARGET, pass: ratio <= TARGET },
      checks: [
        {
          name: 'most assignments reported',
          pass: smallFindings > SMALL * 0.8 && largeFindings > LARGE * 0.8,
          text: `findings: ${smallFindings} of ${SMALL}, ${largeFindings} of ${LARGE}`,
        },
      ],
    };
  },
};

/** `lines` assignments of random-looking values (made here, deterministic; never committed). */
function assignments(lines) {
  const file = join(work, `assignments-${lines}.py`);
  if (!existsSync(file)) {
    mkdirSync(work, { recursive: true });
    const rng = createRng(lines);
    const value = () => Array.from({ length: 20 }, () => rng.pick([...ALPHABET])).join('');
    writeFileSync(file, Array.from({ length: lines }, (_, i) => `password_${i} = "${value()}"\n`).join(''));
  }
  return file;
}
