import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesSource } from '../../src/sources/files.js';
import { removeTempRepos, runCli, tempRepo } from '../helpers/repo.js';
import { password } from '../helpers/secrets.js';

afterAll(removeTempRepos);

async function collect(cwd: string, paths: string[], respectGitignore = true) {
  const fragments: string[] = [];
  const notes: string[] = [];
  for await (const item of filesSource({ cwd, paths, respectGitignore, maxFileBytes: 1024 })) {
    if ('note' in item) notes.push(`${item.note.path}: ${item.note.message}`);
    else fragments.push(item.fragment.path);
  }
  return { fragments: fragments.sort(), notes: notes.sort() };
}

describe('files source', () => {
  it('honours .gitignore inside a repository, and can be told not to', async () => {
    const repo = await tempRepo();
    repo.write({
      '.gitignore': 'build/\n*.log\n',
      'src/a.ts': 'a\n',
      'build/out.js': 'b\n',
      'debug.log': 'c\n',
      'untracked.ts': 'd\n',
    });
    await repo.git.add(['.gitignore', 'src/a.ts']);
    expect((await collect(repo.dir, ['.'])).fragments).toEqual(['.gitignore', 'src/a.ts', 'untracked.ts']);
    expect((await collect(repo.dir, ['.'], false)).fragments).toEqual([
      '.gitignore',
      'build/out.js',
      'debug.log',
      'src/a.ts',
      'untracked.ts',
    ]);
  });

  it('reports paths relative to the repository root when run from a subdirectory', async () => {
    const repo = await tempRepo();
    repo.write({ 'pkg/lib/x.ts': 'x\n', 'pkg/y.ts': 'y\n' });
    expect((await collect(join(repo.dir, 'pkg'), ['lib'])).fragments).toEqual(['pkg/lib/x.ts']);
  });

  it('walks plain directories, scans binaries as printable strings, and names oversized files and missing paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakgate-files-'));
    try {
      writeFileSync(join(dir, 'text.txt'), 'hello\n');
      writeFileSync(join(dir, 'blob.bin'), Buffer.from([1, 0, 2]));
      writeFileSync(join(dir, 'strings.bin'), Buffer.from('\x01\x00\x02printable run\x00'));
      writeFileSync(join(dir, 'large.txt'), 'x'.repeat(2048));
      const { fragments, notes } = await collect(dir, ['.', 'missing.txt']);
      // blob.bin holds no printable run: nothing to scan in it.
      expect(fragments).toEqual(['strings.bin', 'text.txt']);
      expect(notes).toEqual([
        'large.txt: not scanned: 2.0 KiB, above the 1.0 KiB limit (raise maxFileSize in .leakgate.yaml, or list the path under allow.paths)',
        'missing.txt: no such file or directory',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scans files from the command line with exact lines and exit codes', async () => {
    const repo = await tempRepo();
    const secret = password(41);
    repo.write({ 'clean.ts': 'export {};\n', 'conf/app.env': `# app\n\nDB_PASSWORD=${secret}\n` });
    const found = await runCli(['files', 'conf', '--format', 'json'], repo.dir);
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout);
    expect(report.findings.map((f: { file: string; line: number; column: number; ruleId: string }) => [f.file, f.line, f.column, f.ruleId])).toEqual([
      ['conf/app.env', 3, 13, 'generic-password'],
    ]);
    expect(report.stats.files).toBe(1);
    const clean = await runCli(['files', 'clean.ts'], repo.dir);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('leakgate: no secrets found in 1 file.\n');
  });

  it('exits 2 on a broken config, naming the file, line and key', async () => {
    const repo = await tempRepo();
    repo.write({ '.leakgate.yaml': 'allow:\n  pathz: []\n', 'a.ts': 'x\n' });
    const result = await runCli(['files', '.'], repo.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'leakgate: .leakgate.yaml:2: allow.pathz: unknown key; expected one of paths, regexes, stopwords\n',
    );
  });

  it('exits 2 on unknown flags and formats', async () => {
    const repo = await tempRepo();
    expect((await runCli(['files', '--format', 'xml'], repo.dir)).code).toBe(2);
    expect((await runCli(['scan-everything'], repo.dir)).code).toBe(2);
  });
});

describe('--min-confidence', () => {
  it('keeps only findings at least as confident as asked', async () => {
    const repo = await tempRepo();
    // A checksummed token (high), and a short password (low).
    const { githubToken } = await import('../helpers/secrets.js');
    repo.write({ 'a.env': `GITHUB_TOKEN=${githubToken(91)}\nDB_PASSWORD=hunter2x9\n` });
    const all = JSON.parse((await runCli(['files', 'a.env', '--format', 'json'], repo.dir)).stdout);
    expect(all.findings.map((f: { ruleId: string; confidence: string }) => [f.ruleId, f.confidence])).toEqual([
      ['github-pat', 'high'],
      ['generic-password', 'low'],
    ]);
    const high = await runCli(['files', 'a.env', '--format', 'json', '--min-confidence', 'high'], repo.dir);
    expect(JSON.parse(high.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['github-pat']);
    expect((await runCli(['files', 'a.env', '--min-confidence', 'sure'], repo.dir)).code).toBe(2);
  });
});

describe('key stores', () => {
  const keystore = (name: string): Buffer => readFileSync(new URL(`../../fixtures/keystores/${name}`, import.meta.url));

  it('reports a committed key store that a well-known password opens, and no other', async () => {
    const repo = await tempRepo();
    repo.write({
      'certs/service-account.p12': keystore('gcp-default.p12'),
      'android/release.jks': keystore('default.jks'),
      'certs/own.p12': keystore('own-password.p12'),
      'android/own.jks': keystore('own-password.jks'),
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
    });
    const result = await runCli(['files', '.', '--format', 'json'], repo.dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: { file: string; line: number; ruleId: string; title: string }) => [f.file, f.line, f.ruleId, f.title])).toEqual([
      ['android/release.jks', 1, 'private-key-store', 'JKS key store that the well-known password "changeit" opens: its private keys are readable by anyone'],
      ['certs/service-account.p12', 1, 'private-key-store', 'PKCS#12 key store that the well-known password "notasecret" opens: its private keys are readable by anyone'],
    ]);
    // The image is scanned as its printable strings (none here), and says nothing.
    const text = await runCli(['files', '.', '--verbose'], repo.dir);
    expect(text.stdout).not.toContain('logo.png');
  });

  it('blocks a commit that adds one', async () => {
    const repo = await tempRepo();
    await repo.stage({ 'keystore.pfx': keystore('gcp-default.p12'), 'other.pfx': keystore('own-password.p12') });
    expect(await repo.stagedFindings()).toEqual(['keystore.pfx:1 private-key-store']);
  });
});
