// Measures false alarms on third-party files that hold no secrets of ours: by
// default the project's own node_modules (installed packages: code, docs, tests,
// fixtures), read whole with .gitignore and .leakgate.yaml set aside. Prints the
// volume scanned, findings per MB, findings by rule and confidence, and every
// finding (redacted) so a person can judge a sample.
// Usage: npm run eval:false-alarms [-- DIR...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dirs = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (dirs.length === 0) dirs.push(join(root, 'node_modules'));

const work = mkdtempSync(join(tmpdir(), 'leakgate-false-alarms-'));
let total = { files: 0, bytes: 0, findings: 0, ms: 0 };
try {
  for (const dir of dirs.map((d) => resolve(d))) {
    if (!existsSync(dir)) {
      console.log(`${dir}: not there, skipped`);
      continue;
    }
    const reportFile = join(work, 'report.json');
    const started = process.hrtime.bigint();
    const run = spawnSync(
      process.execPath,
      [join(root, 'dist/bin/leakgate.cjs'), 'files', dir, '--no-gitignore', '--no-config', '--format', 'json', '--output', reportFile, '--quiet'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0 && run.status !== 1) {
      console.error(`leakgate exited ${run.status} on ${dir}:\n${run.stderr}`);
      process.exitCode = 1;
      continue;
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    const mb = report.stats.bytes / 1e6;
    const count = (key) => {
      const counts = new Map();
      for (const f of report.findings) counts.set(f[key], (counts.get(f[key]) ?? 0) + 1);
      return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
    };
    console.log(`${dir}`);
    console.log(`  ${report.stats.files} files, ${mb.toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s`);
    console.log(`  ${report.findings.length} findings, ${(report.findings.length / mb).toFixed(3)} per MB`);
    if (report.findings.length > 0) {
      console.log(`  by rule: ${count('ruleId')}`);
      console.log(`  by confidence: ${count('confidence')}`);
      for (const f of report.findings) console.log(`    ${f.file}:${f.line}  ${f.ruleId} (${f.confidence})  ${f.secret}`);
    }
    total = { files: total.files + report.stats.files, bytes: total.bytes + report.stats.bytes, findings: total.findings + report.findings.length, ms: total.ms + ms };
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (dirs.length > 1) {
  const mb = total.bytes / 1e6;
  console.log(`all: ${total.files} files, ${mb.toFixed(1)} MB, ${total.findings} findings, ${(total.findings / mb).toFixed(3)} per MB`);
}
