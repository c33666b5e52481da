// Scenario "rules": the cost of the rule set's size. `leakgate files` over a large
// generated tree with every bundled rule, against the same build holding only the
// first 40 rules (a copy of dist/ with a cut-down dist/patterns.json), interleaved.
// The keyword prefilter should keep the full set within 1.5 times the 40.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typicalCommit } from './generate.mjs';
import { envCount, interleave } from './timing.mjs';

const TARGET = 1.5;
const FEW_RULES = 40;
const TREE_VERSION = 1;
const work = fileURLToPath(new URL('./.work/', import.meta.url));
const node = process.execPath;

export const rules = {
  name: 'rules',
  title: `leakgate files over a large tree: all rules against the first ${FEW_RULES}`,

  run({ cli, warmup }) {
    const runs = envCount('BENCH_RULES_RUNS', 7);
    const { tree, summary } = cachedTree(envCount('BENCH_RULES_PROJECTS', 600));
    const few = fewRulesBuild(dirname(dirname(cli)));
    const all = JSON.parse(readFileSync(join(dirname(dirname(cli)), 'patterns.json'), 'utf8')).length;
    // The tree sits in an ignored folder of this repository: --no-gitignore, or nothing is read.
    const scan = (bin) => spawnSync(node, [bin, 'files', tree, '--no-gitignore', '--no-config', '--quiet', '--format', 'json', '--output', '/dev/null'], { encoding: 'utf8' });
    const ok = (label) => (result) => {
      if (result.status !== 0 && result.status !== 1) throw new Error(`${label} exited ${result.status}: ${result.stderr}`);
    };
    const timings = interleave(
      [
        { name: 'few-rules', run: () => scan(few), check: ok(`leakgate with ${FEW_RULES} rules`) },
        { name: 'all-rules', run: () => scan(cli), check: ok(`leakgate with ${all} rules`) },
      ],
      { warmup: Math.min(warmup, 1), runs },
    );
    const ratio = timings['all-rules'].median / timings['few-rules'].median;
    const report = join(work, 'rules-report.json');
    const read = (bin) => {
      spawnSync(node, [bin, 'files', tree, '--no-gitignore', '--no-config', '--quiet', '--format', 'json', '--output', report]);
      return JSON.parse(readFileSync(report, 'utf8')).stats.files;
    };
    const [fewFiles, allFiles] = [read(few), read(cli)];
    return {
      runs,
      warmup: Math.min(warmup, 1),
      workload: { summary },
      commands: {
        'few-rules': `leakgate files TREE (first ${FEW_RULES} rules)`,
        'all-rules': `leakgate files TREE (all ${all} rules)`,
      },
      timings,
      ratio: { of: `all/${FEW_RULES} rules medians`, value: ratio, target: TARGET, pass: ratio <= TARGET },
      checks: [
        {
          name: 'same files scanned',
          pass: fewFiles > 0 && fewFiles === allFiles,
          text: `files scanned: ${fewFiles} and ${allFiles}`,
        },
      ],
    };
  },
};

/** A tree of many small projects' files, generated once (deterministic) and cached. */
function cachedTree(projects) {
  const tree = join(work, `rules-tree-${projects}`);
  const stamp = join(tree, '.generated');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== String(TREE_VERSION)) {
    rmSync(tree, { recursive: true, force: true });
    for (let seed = 1; seed <= projects; seed++) {
      const commit = typicalCommit(seed);
      for (const { path, content } of [...commit.initial, ...commit.staged]) {
        const file = join(tree, `p${seed}`, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    writeFileSync(stamp, String(TREE_VERSION));
  }
  const du = spawnSync('du', ['-sb', tree], { encoding: 'utf8' }).stdout.split('\t')[0];
  const files = spawnSync('sh', ['-c', `find '${tree}' -type f | wc -l`], { encoding: 'utf8' }).stdout.trim();
  return { tree, summary: `${files} files, ${(Number(du) / 1e6).toFixed(1)} MB` };
}

/** A copy of dist/ whose rule bundle holds only the first rules. */
function fewRulesBuild(dist) {
  const copy = join(work, 'dist-few-rules');
  rmSync(copy, { recursive: true, force: true });
  cpSync(join(dist, 'bin'), join(copy, 'bin'), { recursive: true });
  const rules = JSON.parse(readFileSync(join(dist, 'patterns.json'), 'utf8'));
  writeFileSync(join(copy, 'patterns.json'), JSON.stringify(rules.slice(0, FEW_RULES)));
  return join(copy, 'bin', 'leakgate.cjs');
}
