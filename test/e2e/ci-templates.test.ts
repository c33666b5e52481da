/**
 * The CI templates: action.yml's scan step run as GitHub would run it (its
 * environment, a real repository), and the GitLab job's shape.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, removeTempRepos, runProcess, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const ROOT = join(CLI, '..', '..', '..');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly id?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
}

async function scan(repo: TestRepo, env: Record<string, string>): Promise<{ code: number | null; results: string[]; output: string }> {
  const output = join(repo.dir, '.git', 'github-output');
  const run = await runProcess('bash', [join(ROOT, 'ci', 'github-scan.sh')], repo.dir, {
    LEAKGATE: CLI,
    SARIF_FILE: 'out.sarif',
    GITHUB_OUTPUT: output,
    ...env,
  });
  const sarif = JSON.parse(readFileSync(join(repo.dir, 'out.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  return {
    code: run.code,
    results: sarif.runs.flatMap((r) => r.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri)),
    output: readFileSync(output, 'utf8'),
  };
}

describe('the GitHub Action', () => {
  it('is a composite action that builds its own checkout, scans, uploads whatever happened, and pins nothing by package name', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] } };
    expect(action.runs.using).toBe('composite');
    const steps = action.runs.steps;
    expect(steps.map((step) => step.uses ?? step.id ?? 'run')).toEqual(['actions/setup-node@v4', 'run', 'scan', 'github/codeql-action/upload-sarif@v3']);
    expect(steps[3]!.if).toMatch(/^always\(\) && /);
    expect(steps[2]!.env!.LEAKGATE).toBe('${{ github.action_path }}/dist/bin/leakgate.cjs');
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).not.toMatch(/npx --yes|npx leakgate/);
  });

  it('scans only what a pull request adds, and fails on findings (or not, when told)', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'old.env': `GITHUB_TOKEN=${githubToken(91)}\n` }, 'old secret, on the base branch');
    const base = (await repo.git.raw(['rev-parse', 'HEAD'])).trim();
    await repo.commit({ 'new.env': `GITHUB_TOKEN=${githubToken(92)}\n` }, 'the pull request');
    const pr = await scan(repo, { EVENT: 'pull_request', PR_BASE: base });
    expect([pr.code, pr.results, pr.output]).toEqual([1, ['new.env'], 'findings=1\n']);

    const lenient = await scan(repo, { EVENT: 'pull_request', PR_BASE: base, FAIL_ON_FINDINGS: 'false' });
    expect(lenient.code).toBe(0);
  });

  it('on a push scans after the previous tip, and a new branch whole', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'a.env': `GITHUB_TOKEN=${githubToken(93)}\n` }, 'one');
    const before = (await repo.git.raw(['rev-parse', 'HEAD'])).trim();
    await repo.commit({ 'b.txt': 'clean\n' }, 'two');
    const push = await scan(repo, { EVENT: 'push', PUSH_BEFORE: before });
    expect([push.code, push.results]).toEqual([0, []]);
    const newBranch = await scan(repo, { EVENT: 'push', PUSH_BEFORE: '0'.repeat(40) });
    expect([newBranch.code, newBranch.results]).toEqual([1, ['a.env']]);
    // A force push whose previous tip the clone does not have: the branch, not an error.
    const unknown = await scan(repo, { EVENT: 'push', PUSH_BEFORE: 'f'.repeat(40) });
    expect([unknown.code, unknown.results]).toEqual([1, ['a.env']]);
  });
});

describe('the pre-commit framework manifest', () => {
  const manifest = join(ROOT, '.pre-commit-hooks.yaml');

  it('has the staged, files and commit-msg hooks, without stages that pre-commit 3.0 rejects', () => {
    const hooks = parse(readFileSync(manifest, 'utf8')) as { id: string; entry: string; language: string; pass_filenames?: boolean; stages?: string[]; always_run?: boolean }[];
    expect(hooks.map((hook) => [hook.id, hook.entry, hook.language, hook.pass_filenames ?? true])).toEqual([
      ['leakgate', 'leakgate staged --no-color', 'node', false],
      ['leakgate-files', 'leakgate files --no-color', 'node', true],
      ['leakgate-commit-msg', 'leakgate commit-msg --no-color', 'node', true],
    ]);
    // `commit-msg` is the stage's name in 3.0 and later alike (unlike `commit`, renamed `pre-commit` in 3.2).
    expect(hooks.filter((hook) => hook.stages !== undefined).map((hook) => [hook.id, hook.stages, hook.always_run])).toEqual([['leakgate-commit-msg', ['commit-msg'], true]]);
  });

  const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  it.skipIf(preCommit.status !== 0)(`is valid for the installed pre-commit (${preCommit.stdout?.trim() || 'absent'})`, async () => {
    const run = await runProcess('pre-commit', ['validate-manifest', manifest], ROOT);
    expect([run.code, run.stdout + run.stderr]).toEqual([0, '']);
  });
});

describe('the GitLab CI template', () => {
  it('runs the repository’s own install, over the merge request’s or push’s commits, with a JUnit report', () => {
    const text = readFileSync(join(ROOT, 'ci', 'leakgate.gitlab-ci.yml'), 'utf8');
    const job = (parse(text) as Record<string, { script: string[]; variables: Record<string, string>; artifacts: { reports: { junit: string } } }>).leakgate!;
    expect(job.variables.GIT_DEPTH).toBe('0');
    expect(job.script.join('\n')).toContain('npx --no-install leakgate history $since --format junit --output leakgate-junit.xml');
    expect(job.script.join('\n')).toContain('--since-commit $CI_MERGE_REQUEST_DIFF_BASE_SHA');
    expect(job.artifacts.reports.junit).toBe('leakgate-junit.xml');
  });
});
