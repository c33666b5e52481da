/** CLI habits: standard input, the exit code for findings, a closed pipe, --version. */
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { TOOL } from '../../src/version.js';
import { CLI, removeTempRepos, runCli, runProcess, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

describe('leakgate files -', () => {
  it('scans standard input, reported under --stdin-name, never in clear', async () => {
    const repo = await tempRepo();
    const token = githubToken(71);
    const input = `first line\nconst token = "${token}";\n`;
    const run = await runProcess(process.execPath, [CLI, 'files', '-', '--stdin-name', 'src/pasted.ts', '--no-config', '--format', 'json'], repo.dir, {}, input);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['src/pasted.ts:2:16 github-pat']);
    expect(run.stdout + run.stderr).not.toContain(token);

    const clean = await runProcess(process.execPath, [CLI, 'files', '-', '--no-config', '--quiet'], repo.dir, {}, 'nothing here\n');
    expect([clean.code, clean.stdout, clean.stderr]).toEqual([0, '', '']);
  });

  it('scans standard input and paths together', async () => {
    const repo = await tempRepo();
    repo.write({ 'a.env': `GITHUB_TOKEN=${githubToken(72)}\n` });
    const run = await runProcess(process.execPath, [CLI, 'files', '-', 'a.env', '--no-config', '--format', 'json'], repo.dir, {}, `x = "${githubToken(73)}"\n`);
    expect(JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['a.env', 'stdin']);
  });
});

describe('--exit-code', () => {
  it('is the exit code when something is found, and 0 stays 0', async () => {
    const repo = await tempRepo();
    repo.write({ 'a.env': `GITHUB_TOKEN=${githubToken(74)}\n`, 'b.txt': 'clean\n' });
    expect((await runCli(['files', 'a.env', '--no-config', '--exit-code', '7', '--quiet'], repo.dir)).code).toBe(7);
    expect((await runCli(['files', 'b.txt', '--no-config', '--exit-code', '7'], repo.dir)).code).toBe(0);
    const wrong = await runCli(['files', 'b.txt', '--exit-code', 'seven'], repo.dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--exit-code: expected a number from 0 to 255, got "seven"');
  });
});

describe('output', () => {
  it('ends quietly when the reader closes the pipe (rules | head)', async () => {
    const run = await runProcess('sh', ['-c', `'${process.execPath}' '${CLI}' rules --format json | head -c 1; echo " status=$?"`], process.cwd());
    expect(run.stdout).toBe('[ status=0\n');
    expect(run.stderr).toBe('');
    const status = await runProcess('sh', ['-c', `'${process.execPath}' '${CLI}' rules | head -n 1 >/dev/null; exit 0`], process.cwd());
    expect(status.stderr).toBe('');
  });

  it('--version prints the version and the number of rules', async () => {
    const rules = await loadRuleFiles(PATTERNS_DIR);
    const run = await runCli(['--version'], process.cwd());
    expect([run.code, run.stdout]).toEqual([0, `leakgate ${TOOL.version} (${rules.length} rules)\n`]);
  });
});
