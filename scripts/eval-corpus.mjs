// Measures leakgate on the labelled corpus kept beside the project
// (../shared/corpus): recall on labelled secrets, policy findings found, and leak
// findings on lines labelled clean, per source and per kind. Skips cleanly when
// the corpus is not there. Usage: npm run eval:corpus [-- --verbose]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = process.env.LEAKGATE_CORPUS ?? join(root, '..', 'shared', 'corpus');
if (!existsSync(join(corpus, 'labels.jsonl'))) {
  console.log(`eval:corpus skipped: no labelled corpus at ${corpus}`);
  process.exit(0);
}
const verbose = process.argv.includes('--verbose');

const work = mkdtempSync(join(tmpdir(), 'leakgate-corpus-'));
const reportFile = join(work, 'report.json');
const run = spawnSync(
  process.execPath,
  [join(root, 'dist/bin/leakgate.cjs'), 'files', join(corpus, 'files'), '--no-config', '--format', 'json', '--output', reportFile, '--quiet'],
  { encoding: 'utf8' },
);
if (run.status !== 0 && run.status !== 1) {
  console.error(`leakgate exited ${run.status}:\n${run.stderr}`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
rmSync(work, { recursive: true, force: true });

// Paths relative to the corpus's files/ folder.
const rel = (path) => path.replace(/\\/g, '/').replace(/^.*?\bfiles\//, '');
const labels = readFileSync(join(corpus, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
  .map((label) => ({ ...label, file: rel(label.file) }));
// A secret written several times in a file is one finding with all its `locations`: each place counts.
const leaks = report.findings.flatMap((f) => (f.locations ?? [f]).map((place) => ({ file: rel(f.file), line: place.line, ruleId: f.ruleId })));
const policy = report.policy.map((f) => ({ file: rel(f.file), line: f.line, ruleId: f.ruleId }));
// A finding counts for a label when it is on the labelled lines (one line of slack, as tools differ on multi-line spans).
const covers = (label, finding) => finding.file === label.file && finding.line >= label.line - 1 && finding.line <= (label.endLine ?? label.line) + 1;

const table = new Map();
const row = (key) => {
  if (!table.has(key)) table.set(key, { secrets: 0, found: 0, policy: 0, policyFound: 0, cleanCases: 0, cleanFlagged: 0, falseAlarms: 0 });
  return table.get(key);
};
const misses = [];
for (const label of labels) {
  const rows = [row(`source ${label.source}`), row(`kind ${label.kind}`)];
  if (label.label === 'secret') {
    const found = leaks.some((f) => covers(label, f));
    for (const r of rows) {
      r.secrets++;
      if (found) r.found++;
    }
    if (!found) misses.push(`missed  ${label.file}:${label.line} (${label.kind})`);
  } else if (label.label === 'policy') {
    const found = policy.some((f) => covers(label, f));
    for (const r of rows) {
      r.policy++;
      if (found) r.policyFound++;
    }
    if (!found) misses.push(`policy  ${label.file}:${label.line} (${label.kind})`);
  } else if (label.label === 'clean') {
    // A clean case is flagged when its file gets a leak finding on no labelled line.
    const flagged = leaks.some((f) => f.file === label.file && !labels.some((l) => l.label !== 'clean' && l.line !== null && covers(l, f)));
    for (const r of rows) {
      r.cleanCases++;
      if (flagged) r.cleanFlagged++;
    }
    if (flagged) misses.push(`flagged ${label.file} (clean)`);
  }
}
// A false alarm: a leak finding in a corpus file on no line labelled secret, policy or ambiguous.
const corpusFiles = new Set(labels.map((l) => l.file));
for (const finding of leaks) {
  if (!corpusFiles.has(finding.file)) continue;
  if (labels.some((l) => l.label !== 'clean' && l.line !== null && covers(l, finding))) continue;
  const source = labels.find((l) => l.file === finding.file).source;
  row(`source ${source}`).falseAlarms++;
  misses.push(`false   ${finding.file}:${finding.line} ${finding.ruleId}`);
}

const pad = (text, width) => String(text).padStart(width);
console.log(`${'group'.padEnd(36)} ${pad('secrets', 7)} ${pad('found', 5)} ${pad('recall', 6)} ${pad('policy', 6)} ${pad('found', 5)} ${pad('clean', 5)} ${pad('flagd', 5)} ${pad('false', 5)}`);
const sorted = [...table].sort(([a], [b]) => (a.startsWith('source') === b.startsWith('source') ? a.localeCompare(b) : a.startsWith('source') ? -1 : 1));
for (const [key, r] of sorted) {
  const recall = r.secrets ? (r.found / r.secrets).toFixed(3) : '-';
  console.log(`${key.padEnd(36)} ${pad(r.secrets, 7)} ${pad(r.found, 5)} ${pad(recall, 6)} ${pad(r.policy, 6)} ${pad(r.policyFound, 5)} ${pad(r.cleanCases, 5)} ${pad(r.cleanFlagged, 5)} ${pad(r.falseAlarms, 5)}`);
}
if (verbose) for (const line of misses.sort()) console.log(`  ${line}`);
