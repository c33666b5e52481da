/**
 * `leakgate history` end to end, against real temporary repositories: branches,
 * a secret that only a conflict resolution adds, renames, deletions, rotations,
 * the same findings whatever the parallelism, and every report format free of
 * clear secrets.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempRepos, runCli, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

interface JsonFinding {
  file: string;
  line: number;
  ruleId: string;
  commit: string;
  author: string;
  email: string;
  date: string;
  message: string;
  commits: number;
  fingerprint: string;
}

async function head(repo: TestRepo): Promise<string> {
  return (await repo.git.revparse(['HEAD'])).trim();
}

async function history(repo: TestRepo, args: readonly string[] = []): Promise<{ code: number | null; findings: JsonFinding[]; stderr: string }> {
  const result = await repo.run(['history', '--format', 'json', ...args]);
  if (result.code !== 0 && result.code !== 1) throw new Error(`leakgate exited ${result.code}: ${result.stderr}`);
  if (result.stdout === "") throw new Error(`leakgate printed no report (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, findings: (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings, stderr: result.stderr };
}

const summary = (findings: readonly JsonFinding[]): string[] =>
  findings.map((f) => `${f.commit.slice(0, 7)} ${f.file}:${f.line} ${f.ruleId} x${f.commits}`);

describe('leakgate history on a repository with branches, merges, renames, deletions and rotations', () => {
  const first = githubToken(101);
  const rotated = githubToken(102);
  const resolution = githubToken(103);
  const onSide = githubToken(104);
  let repo: TestRepo;
  const commits: Record<string, string> = {};

  beforeAll(async () => {
    repo = await tempRepo();
    await repo.git.raw(['checkout', '-q', '-b', 'main']);
    await repo.commit({ 'app/config.ts': 'export const region = "eu";\nexport const retries = 3;\n' }, 'Initial commit');
    commits.initial = await head(repo);
    await repo.commit({ 'app/client.ts': `const a = 1;\nconst token = '${first}';\n` }, 'Add the API client');
    commits.added = await head(repo);
    // The same secret re-added by a later commit (the line edited): one finding, two commits.
    await repo.commit({ 'app/client.ts': `const a = 2;\nconst token = '${first}'; // ci\n` }, 'Tweak the client');
    // Renamed: no new finding.
    mkdirSync(join(repo.dir, 'lib'));
    await repo.git.raw(['mv', 'app/client.ts', 'lib/client.ts']);
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'Move the client to lib']);
    // Edited under the new name: still the same finding (the file is the same).
    await repo.commit({ 'lib/client.ts': `const a = 2;\nconst token = '${first}'; // ci bot\n` }, 'Edit after the move');
    // Rotated: a new secret, a new finding.
    await repo.commit({ 'lib/client.ts': `const a = 2;\nconst token = '${rotated}';\n` }, 'Rotate the token');
    commits.rotated = await head(repo);
    // Deleted: the secret is still in history.
    await repo.commit({ 'lib/client.ts': 'const a = 2;\nconst token = process.env.TOKEN;\n' }, 'Read the token from the environment');

    // A side branch adds its own secret, and both sides change the same line.
    await repo.git.raw(['checkout', '-q', '-b', 'side']);
    await repo.commit({ 'app/config.ts': 'export const region = "us";\nexport const retries = 3;\n' }, 'Move to us');
    await repo.commit({ 'side/notes.ts': `export const key = '${onSide}';\n` }, 'Side secret');
    commits.side = await head(repo);
    await repo.git.raw(['checkout', '-q', 'main']);
    await repo.commit({ 'app/config.ts': 'export const region = "ap";\nexport const retries = 3;\n' }, 'Move to ap');
    // The conflict resolution adds a line that is in neither parent.
    await repo.git.raw(['merge', '-q', 'side', '-m', 'Merge side']).catch(() => undefined);
    writeFileSync(
      join(repo.dir, 'app/config.ts'),
      `export const region = "us";\nexport const deployToken = '${resolution}';\nexport const retries = 3;\n`,
    );
    await repo.git.raw(['add', 'app/config.ts']);
    await repo.git.raw(['commit', '-q', '--no-verify', '--no-edit']);
    commits.merge = await head(repo);
  });
  afterAll(removeTempRepos);

  it('reports each secret once, at the first commit that added it, with the commits that did', async () => {
    const { code, findings } = await history(repo);
    expect(code).toBe(1);
    expect(summary(findings)).toEqual([
      `${commits.added!.slice(0, 7)} app/client.ts:2 github-pat x3`,
      `${commits.rotated!.slice(0, 7)} lib/client.ts:2 github-pat x1`,
      `${commits.side!.slice(0, 7)} side/notes.ts:1 github-pat x1`,
      `${commits.merge!.slice(0, 7)} app/config.ts:2 github-pat x1`,
    ]);
    const added = findings[0]!;
    expect(added).toMatchObject({ author: 'Test User', email: 'test@example.com', message: 'Add the API client' });
    expect(added.date).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('reports a secret that only a merge commit (its conflict resolution) introduced, at that merge', async () => {
    const { findings } = await history(repo);
    const merged = findings.filter((f) => f.commit === commits.merge);
    expect(merged.map((f) => `${f.file}:${f.line}`)).toEqual(['app/config.ts:2']);
  });

  it('gives the same findings with one or two git processes, and with or without detection threads', async () => {
    const base = summary((await history(repo, ['--workers', '1', '--threads', '0'])).findings);
    for (const args of [['--workers', '2'], ['--workers', '3', '--threads', '2'], ['--workers', '1', '--threads', '1']]) {
      expect(summary((await history(repo, args)).findings)).toEqual(base);
    }
  });

  it('scans a range, --since-commit and --all', async () => {
    expect(summary((await history(repo, [`${commits.rotated}..main`])).findings)).toEqual([
      `${commits.side!.slice(0, 7)} side/notes.ts:1 github-pat x1`,
      `${commits.merge!.slice(0, 7)} app/config.ts:2 github-pat x1`,
    ]);
    expect(summary((await history(repo, ['--since-commit', commits.rotated!])).findings)).toHaveLength(2);
    expect((await history(repo, ['--since-commit', commits.merge!])).findings).toEqual([]);
    const bad = await repo.run(['history', '--since-commit', 'no-such-rev']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since-commit no-such-rev');
    await repo.git.raw(['checkout', '-q', 'side']);
    try {
      expect((await history(repo)).findings.map((f) => f.file)).toEqual(['app/client.ts', 'lib/client.ts', 'side/notes.ts']);
      expect((await history(repo, ['--all'])).findings).toHaveLength(4);
    } finally {
      await repo.git.raw(['checkout', '-q', 'main']);
    }
  });

  it('excludes paths given after --', async () => {
    const { findings } = await history(repo, ['--', ':(exclude)side/']);
    expect(findings.map((f) => f.file)).toEqual(['app/client.ts', 'lib/client.ts', 'app/config.ts']);
  });

  it('never prints a planted secret, in any format, nor writes one to a baseline', async () => {
    const out = mkdtempSync(join(tmpdir(), 'leakgate-out-'));
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      const result = await repo.run(['history', '--all', '--format', format]);
      expect(result.code).toBe(1);
      outputs.push(result.stdout, result.stderr);
    }
    const baseline = join(out, 'baseline.json');
    expect((await repo.run(['baseline', '--all', '--output', baseline])).code).toBe(0);
    outputs.push(readFileSync(baseline, 'utf8'));
    for (const secret of [first, rotated, resolution, onSide]) {
      for (const text of outputs) expect(text).not.toContain(secret);
      // Nor a long piece of it.
      for (const text of outputs) expect(text).not.toContain(secret.slice(4, 20));
    }
    const clear = await repo.run(['history', '--format', 'json', '--no-redact']);
    expect(clear.stdout).toContain(resolution);
  });

  it('writes a stable baseline, and --baseline reports only what is new', async () => {
    const out = mkdtempSync(join(tmpdir(), 'leakgate-baseline-'));
    const file = join(out, 'b.json');
    await repo.run(['baseline', '--output', file]);
    const text = readFileSync(file, 'utf8');
    await repo.run(['baseline', '--output', file]);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const baseline = JSON.parse(text) as { version: number; fingerprints: string[] };
    expect(baseline.version).toBe(1);
    expect(baseline.fingerprints).toEqual([...baseline.fingerprints].sort());
    // Four findings; the two in the renamed file are also recorded under its other name.
    expect(baseline.fingerprints).toHaveLength(6);
    expect(text).not.toMatch(/"line"|"date"|"secret"/);

    expect(await history(repo, ['--baseline', file])).toMatchObject({ code: 0, findings: [] });
    const fresh = githubToken(105);
    await repo.commit({ 'lib/new.ts': `export const t = '${fresh}';\n` }, 'A new leak');
    try {
      const { code, findings } = await history(repo, ['--baseline', file]);
      expect(code).toBe(1);
      expect(findings.map((f) => f.file)).toEqual(['lib/new.ts']);
      // The baseline also holds today's path of a renamed file's secret: staged and files scans match it.
      const files = await repo.run(['files', '.', '--baseline', file, '--format', 'json', '--no-config']);
      expect((JSON.parse(files.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file)).toEqual(['lib/new.ts']);
    } finally {
      await repo.git.raw(['reset', '-q', '--hard', 'HEAD~1']);
    }
    const broken = join(out, 'broken.json');
    writeFileSync(broken, '{"version": 1, "fingerprints": ["not a fingerprint"]}');
    const bad = await repo.run(['history', '--baseline', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('fingerprints[0]');
  });

  it('ends with a summary line on stderr, and no progress line when stderr is not a terminal', async () => {
    const result = await repo.run(['history']);
    expect(result.stderr).toMatch(/^leakgate: scanned 11 commits \([\d.]+ KiB of diff\) in [\d.]+ s: 4 findings\n$/);
    expect(result.stderr).not.toContain('\r');
  });
});

describe('leakgate history on odd repositories', () => {
  afterAll(removeTempRepos);

  it('says so for an empty repository, and for one whose only branch is unborn', async () => {
    const repo = await tempRepo();
    const result = await repo.run(['history']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('the current branch has no commits yet');
    const all = await repo.run(['history', '--all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('no commits in the given range');
    await repo.git.raw(['checkout', '-q', '--orphan', 'fresh']);
    expect((await repo.run(['history'])).stdout).toContain('no commits yet');
  });

  it('scans binary files and huge additions, notes submodules and non-UTF-8 paths, and still finds the secrets', async () => {
    const repo = await tempRepo();
    const secret = githubToken(201);
    await repo.commit(
      {
        'img/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]),
        'data/huge.txt': `${'x'.repeat(100)}\n`.repeat(60_000),
        'ok.ts': `const t = '${secret}';\n`,
      },
      'Assets',
    );
    // A path written from raw bytes that are not UTF-8 (ISO-8859-1 "é").
    execFileSync('sh', ['-c', `printf 'const t = "${githubToken(202)}";\\n' > "$(printf 'caf\\351.ts')" && git add -A && git commit -q -m latin1`], {
      cwd: repo.dir,
    });
    const sub = await tempRepo();
    await sub.commit({ 'README.md': 'sub\n' });
    execFileSync('git', ['-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', sub.dir, 'vendor/sub'], { cwd: repo.dir });
    execFileSync('git', ['commit', '-q', '--no-verify', '-m', 'Submodule'], { cwd: repo.dir });
    const result = await repo.run(['history', '--format', 'text', '--verbose']);
    expect(result.code).toBe(1);
    // The image is scanned as its printable strings (none), the 5.8 MiB file whole.
    expect(result.stdout).not.toContain('img/logo.png');
    expect(result.stdout).not.toContain('data/huge.txt');
    expect(result.stdout).toContain('vendor/sub: submodule');
    expect(result.stdout).toContain('path is not valid UTF-8');
    const json = await history(repo);
    expect(json.findings.map((f) => f.file)).toEqual(['ok.ts', 'caf\uFFFD.ts']);
  });

  it('scans what a shallow clone holds and says so', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'a.ts': `const t = '${githubToken(301)}';\n` }, 'one');
    await repo.commit({ 'b.ts': 'const b = 1;\n' }, 'two');
    await repo.commit({ 'c.ts': `const t = '${githubToken(302)}';\n` }, 'three');
    const clone = mkdtempSync(join(tmpdir(), 'leakgate-shallow-'));
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo.dir}`, clone]);
    const shallow = await runCli(['history', '--format', 'text'], clone);
    expect(shallow.code).toBe(1);
    expect(shallow.stdout).toContain('shallow clone');
    const json = JSON.parse((await runCli(['history', '--format', 'json'], clone)).stdout) as { findings: JsonFinding[] };
    // The oldest commit the clone has is diffed against an empty tree: a.ts is reported there.
    expect(json.findings.map((f) => `${f.file} ${f.message}`)).toEqual(['a.ts two', 'c.ts three']);
  });
});
