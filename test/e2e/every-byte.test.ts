/**
 * Every byte a commit adds is checked, or the commit is blocked: each way a
 * secret used to reach a repository past a green hook, tried with a real
 * `git commit` through the hook `leakgate init` installs. Each test checks that
 * the commit is refused, that the report names the file and line, and that the
 * secret never appears in clear; the crash tests check that a legitimate commit
 * goes through.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hookedRepo, removeTempRepos, runProcess, tempRepo, type RunResult, type TestRepo } from '../helpers/repo.js';
import { githubToken, password } from '../helpers/secrets.js';
import { rawZip, tar, zip } from '../helpers/archives.js';

afterAll(() => removeTempRepos());

/** git with the hook's environment: no terminal, no review screen, a global config of the test's choosing. */
function gitIn(repo: TestRepo, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runProcess('git', args, repo.dir, { LEAKGATE_NO_TUI: '1', ...env });
}

async function commitCount(repo: TestRepo): Promise<number> {
  return Number((await repo.git.raw(['rev-list', '--count', 'HEAD'])).trim());
}

/** Commits what is staged through the hook; expects it refused, and returns the hook's output. */
async function expectBlocked(repo: TestRepo, secret: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const before = await commitCount(repo);
  const commit = await gitIn(repo, ['commit', '-m', 'add'], env);
  const output = commit.stdout + commit.stderr;
  expect(commit.code, output).not.toBe(0);
  expect(await commitCount(repo)).toBe(before);
  expect(output).not.toContain(secret);
  return output;
}

async function expectCommitted(repo: TestRepo, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const before = await commitCount(repo);
  const commit = await gitIn(repo, ['commit', '-m', 'change'], env);
  const output = commit.stdout + commit.stderr;
  expect(commit.code, output).toBe(0);
  expect(await commitCount(repo)).toBe(before + 1);
  return output;
}

const utf16le = (text: string, bom: boolean): Buffer => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string, bom: boolean): Buffer => {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), be]);
};

/** Bytes that look like an SQLite page: a header, zeros, and a row holding `value`. */
function sqliteLike(value: string): Buffer {
  const page = Buffer.alloc(8192);
  page.write('SQLite format 3\0', 0, 'latin1');
  page.writeUInt16BE(4096, 16);
  page.write(`\x0d\x00\x00\x00\x01\x0f\xc0\x00tokensghp${value}`, 4096 + 3000, 'latin1');
  return page;
}

/** Deterministic noise, as an image's compressed data is. */
function noise(bytes: number, seed: number): Buffer {
  const out = Buffer.alloc(bytes);
  let state = seed;
  for (let i = 0; i < bytes; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

describe('git attributes and config do not decide what is scanned', () => {
  for (const attributes of ['* -diff\n', '*.env binary\n', '*.env diff=hidden\n']) {
    it(`a .gitattributes with ${JSON.stringify(attributes.trim())} in the same commit`, async () => {
      const repo = await hookedRepo();
      // A diff driver that says "binary", and a textconv that prints nothing.
      await gitIn(repo, ['config', 'diff.hidden.binary', 'true']);
      await gitIn(repo, ['config', 'diff.hidden.textconv', 'true']);
      const token = githubToken(101);
      await repo.stage({ '.gitattributes': attributes, 'deploy.env': `NAME=app\nGITHUB_TOKEN=${token}\n` });
      const output = await expectBlocked(repo, token);
      expect(output).toContain('deploy.env:2:');
      expect(output).toContain('github-pat');
    });
  }

  it('core.bigFileThreshold in the repository config', async () => {
    const repo = await hookedRepo();
    await repo.git.addConfig('core.bigFileThreshold', '10');
    const token = githubToken(102);
    await repo.stage({ 'settings.py': `# settings\nDEBUG = False\nTOKEN = "${token}"\n` });
    const output = await expectBlocked(repo, token);
    expect(output).toContain('settings.py:3:');
  });

  it('a modified file under `-diff`: only the lines the commit adds are reported', async () => {
    const repo = await hookedRepo();
    const old = githubToken(103);
    await repo.commit({ '.gitattributes': '* -diff\n', 'app.cfg': `a = 1\nlegacy = ${old}  # leakgate:allow\n` }, 'base');
    const token = githubToken(104);
    await repo.stage({ 'app.cfg': `a = 1\nlegacy = ${old}  # leakgate:allow\nb = 2\nnew = ${token}\n` });
    const output = await expectBlocked(repo, token);
    expect(output).toContain('app.cfg:4:');
    expect(output).not.toContain('app.cfg:2:');
  });

  it('history, with --no-config, reads a commit whose .gitattributes hides the file', async () => {
    const repo = await hookedRepo();
    const token = githubToken(105);
    await repo.commit({ '.gitattributes': '* -diff\n', 'deploy.env': `GITHUB_TOKEN=${token}\n` }, 'hidden');
    const history = await repo.run(['history', '--no-config', '--format', 'json']);
    expect(history.code, history.stderr).toBe(1);
    const report = JSON.parse(history.stdout) as { findings: { file: string; line: number; ruleId: string; secret: string }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['deploy.env:1 github-pat']);
    expect(history.stdout).not.toContain(token);
  });
});

describe('text in any encoding', () => {
  const cases: [string, (text: string) => Buffer][] = [
    ['UTF-16 LE with a BOM', (t) => utf16le(t, true)],
    ['UTF-16 LE without a BOM', (t) => utf16le(t, false)],
    ['UTF-16 BE with a BOM', (t) => utf16be(t, true)],
    ['UTF-16 BE without a BOM', (t) => utf16be(t, false)],
  ];
  for (const [name, encode] of cases) {
    it(`${name} (.ps1 as Windows tools write it): the finding is at the line of the decoded text`, async () => {
      const repo = await hookedRepo();
      const token = githubToken(110);
      await repo.stage({ 'deploy.ps1': encode(`# deploy\r\n$name = "app"\r\n$env:GITHUB_TOKEN = "${token}"\r\n`) });
      const output = await expectBlocked(repo, token);
      expect(output).toContain('deploy.ps1:3:');
    });
  }

  it('UTF-32 LE with a BOM', async () => {
    const repo = await hookedRepo();
    const token = githubToken(111);
    const text = `first\nTOKEN=${token}\n`;
    const bytes = Buffer.alloc(4 + text.length * 4);
    bytes.writeUInt32LE(0xfeff, 0);
    for (let i = 0; i < text.length; i++) bytes.writeUInt32LE(text.charCodeAt(i), 4 + i * 4);
    await repo.stage({ 'config.txt': bytes });
    const output = await expectBlocked(repo, token);
    expect(output).toContain('config.txt:2:');
  });

  it('a text file with a NUL byte near its start is still text', async () => {
    const repo = await hookedRepo();
    const token = githubToken(112);
    await repo.stage({ 'notes.txt': `header\0 with a stray NUL\nsecond line\nGITHUB_TOKEN=${token}\n` });
    const output = await expectBlocked(repo, token);
    expect(output).toContain('notes.txt:3:');
  });
});

describe('binary files', () => {
  it('a token in clear inside an SQLite database is found among its printable strings', async () => {
    const repo = await hookedRepo();
    const token = githubToken(120);
    await repo.stage({ 'data/app.sqlite': sqliteLike(` ${token} `) });
    const output = await expectBlocked(repo, token);
    expect(output).toMatch(/data\/app\.sqlite:1:\d+ {2}GitHub personal access token/);
  });

  it('a token stored as UTF-16 inside a binary (a .NET resource)', async () => {
    const repo = await hookedRepo();
    const token = githubToken(121);
    await repo.stage({ 'bin/app.dll': Buffer.concat([noise(3000, 5), Buffer.from(`Token=${token}`, 'utf16le'), Buffer.alloc(2000)]) });
    const output = await expectBlocked(repo, token);
    expect(output).toContain('bin/app.dll:');
  });

  it('image noise is not scanned for entropy: an image commits', async () => {
    const repo = await hookedRepo();
    await repo.stage({ 'img/photo.png': Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), noise(200_000, 7)]) });
    await expectCommitted(repo);
  });
});

describe('archives', () => {
  it('a token in a zip member blocks the commit, at the member and its line', async () => {
    const repo = await hookedRepo();
    const token = githubToken(130);
    await repo.stage({ 'dist/bundle.zip': Buffer.from(zip({ 'app/README.md': '# app\n', 'app/.env': `A=1\nGITHUB_TOKEN=${token}\n` })) });
    const output = await expectBlocked(repo, token);
    expect(output).toMatch(/dist\/bundle\.zip!app\/\.env:2:\d+ {2}GitHub personal access token/);
  });

  it('a token in a .tar.gz nested in a jar blocks the commit', async () => {
    const repo = await hookedRepo();
    const token = githubToken(131);
    const { gzipSync } = await import('node:zlib');
    const inner = gzipSync(await tar({ 'conf/app.properties': `x=1\ny=2\ntoken=${token}\n` }));
    await repo.stage({ 'lib/app.jar': Buffer.from(zip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'support/bundle.tgz': inner })) });
    const output = await expectBlocked(repo, token);
    expect(output).toMatch(/lib\/app\.jar!support\/bundle\.tgz!conf\/app\.properties:3:\d+/);
  });

  it('an encrypted member is named and blocks the commit; allow.paths accepts the archive', async () => {
    const repo = await hookedRepo();
    await repo.stage({ 'vault.zip': Buffer.from(rawZip([{ name: 'keys.txt', method: 0, data: Buffer.from('opaque ciphertext bytes'), size: 23, flags: 1 }])) });
    const before = await commitCount(repo);
    const blocked = await gitIn(repo, ['commit', '-m', 'add']);
    expect(blocked.code).not.toBe(0);
    expect(await commitCount(repo)).toBe(before);
    expect(blocked.stdout + blocked.stderr).toContain('vault.zip!keys.txt');
    expect(blocked.stdout + blocked.stderr).toContain('encrypted');
    await repo.stage({ '.leakgate.yaml': 'allow:\n  paths: ["vault.zip"]\n' });
    await expectCommitted(repo);
  });

  it('changing one member of a committed archive reports what the change adds, not the rest', async () => {
    const repo = await hookedRepo();
    const old = githubToken(132);
    const token = githubToken(133);
    await repo.stage({ 'a.zip': Buffer.from(zip({ 'old.env': `T=${old}\n` })) });
    await gitIn(repo, ['commit', '--no-verify', '-m', 'old secret, committed before leakgate']);
    await repo.stage({ 'a.zip': Buffer.from(zip({ 'old.env': `T=${old}\n`, 'new.env': `T=${token}\n` })) });
    const output = await expectBlocked(repo, token);
    expect(output).toContain('a.zip!new.env:1');
    expect(output).not.toContain('a.zip!old.env');
  });

  it('history finds a token added inside an archive, at its commit', async () => {
    const repo = await hookedRepo();
    const token = githubToken(134);
    await repo.stage({ 'dist/site.zip': Buffer.from(zip({ 'config.json': `{\n  "token": "${token}"\n}\n` })) });
    await gitIn(repo, ['commit', '--no-verify', '-m', 'add site']);
    const history = await repo.run(['history', '--no-config', '--format', 'json']);
    expect(history.code, history.stderr).toBe(1);
    expect(history.stdout).not.toContain(token);
    const report = JSON.parse(history.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['dist/site.zip!config.json:2 github-pat']);
  });
});

describe('size', () => {
  it('a 9 MiB text file (above what git diffs) is streamed, the token found at its line', async () => {
    const repo = await hookedRepo();
    const token = githubToken(130);
    const line = 'x'.repeat(99);
    const lines = Math.ceil((9 * 1024 * 1024) / 100);
    const body = `${line}\n`.repeat(lines);
    await repo.stage({ 'dump.sql': `${body}-- TOKEN ${token}\n` });
    const output = await expectBlocked(repo, token);
    expect(output).toContain(`dump.sql:${lines + 1}:10`);
  });

  it('a file above maxFileSize blocks the commit, naming the file, its size and the setting', async () => {
    const repo = await hookedRepo();
    await repo.commit({ '.leakgate.yaml': 'maxFileSize: 1MiB\n' }, 'limit');
    await repo.stage({ 'big.log': 'y'.repeat(2 * 1024 * 1024) });
    const output = await expectBlocked(repo, 'never');
    expect(output).toContain('big.log: not scanned: 2.0 MiB, above the 1.0 MiB limit (raise maxFileSize in .leakgate.yaml, or list the path under allow.paths)');
    expect(output).toContain('Commit blocked');
  });

  it('allowSkipped: true lets such a file through, saying so', async () => {
    const repo = await hookedRepo();
    await repo.commit({ '.leakgate.yaml': 'maxFileSize: 1MiB\nallowSkipped: true\n' }, 'limit');
    await repo.stage({ 'big.log': 'y'.repeat(2 * 1024 * 1024) });
    await expectCommitted(repo);
  });

  it('history reports a file above the limit as an error: exit 2, or 0 with --allow-skipped', async () => {
    const repo = await hookedRepo();
    await repo.commit({ 'big.log': 'y'.repeat(2 * 1024 * 1024) }, 'big');
    await repo.commit({ '.leakgate.yaml': 'maxFileSize: 1MiB\n' }, 'limit');
    const history = await repo.run(['history']);
    expect(history.code, history.stdout + history.stderr).toBe(2);
    expect(history.stdout).toContain('big.log: not scanned: 2.0 MiB');
    expect((await repo.run(['history', '--allow-skipped'])).code).toBe(0);
  });
});

describe('git-lfs', () => {
  /** A pointer as git-lfs writes it, and the object in the LFS store as `git add` leaves it. */
  function lfsFile(repo: TestRepo, path: string, content: string, store: boolean): void {
    const oid = createHash('sha256').update(content).digest('hex');
    repo.write({ '.gitattributes': `${path} filter=lfs diff=lfs merge=lfs -text\n`, [path]: `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${Buffer.byteLength(content)}\n` });
    if (store) {
      const dir = join(repo.dir, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, oid), content);
    }
  }

  it('the object in .git/lfs/objects is scanned, not only the pointer', async () => {
    const repo = await hookedRepo();
    const token = githubToken(140);
    lfsFile(repo, 'assets/config.json', `{\n  "name": "app",\n  "token": "${token}"\n}\n`, true);
    await repo.git.raw(['add', '--', '.gitattributes', 'assets/config.json']);
    const output = await expectBlocked(repo, token);
    expect(output).toContain('assets/config.json:3:');
  });

  it('files: a pointer in the work tree is read through the store, or named as not scanned', async () => {
    const repo = await hookedRepo();
    const token = githubToken(141);
    lfsFile(repo, 'assets/config.json', `{\n  "name": "app",\n  "token": "${token}"\n}\n`, true);
    lfsFile(repo, 'assets/model.bin', 'weights', false);
    const found = await repo.run(['files', 'assets', '--no-gitignore']);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('assets/config.json:3:');
    expect(found.stdout).not.toContain(token);
    const missing = await repo.run(['files', 'assets/model.bin']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/assets\/model\.bin: git-lfs object [0-9a-f]{12}… is not in the local LFS store/);
  });

  it('an object that is not in the store is named and blocks the commit', async () => {
    const repo = await hookedRepo();
    lfsFile(repo, 'assets/model.bin', 'weights', false);
    await repo.git.raw(['add', '--', '.gitattributes', 'assets/model.bin']);
    const output = await expectBlocked(repo, 'never');
    expect(output).toMatch(/assets\/model\.bin: git-lfs object [0-9a-f]{12}… is not in the local LFS store/);
  });
});

describe('long lines', () => {
  it('a token across the 64 KiB segment cut, with no separator near it, is reported once', async () => {
    const repo = await hookedRepo();
    const token = githubToken(150);
    const text = `window.cfg="${'A'.repeat(65_536 - 12 - 20)}-${token}-${'B'.repeat(100_000)}";\n`;
    await repo.stage({ 'dist/app.min.js': text });
    const output = await expectBlocked(repo, token);
    const report = await repo.run(['staged', '--format', 'json']);
    const findings = (JSON.parse(report.stdout) as { findings: { file: string; line: number; column: number; ruleId: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'github-pat').map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual([`dist/app.min.js:1:${text.indexOf(token) + 1}`]);
    expect(output).toContain('dist/app.min.js:1:');
  });
});

describe('YAML aliases', () => {
  // A password, not a token format: only the Secret's structure says it is a secret.
  const pw = password(160);
  const encoded = Buffer.from(pw).toString('base64');

  it('a Secret value given through an alias is decoded and reported at its anchor', async () => {
    const repo = await hookedRepo();
    await repo.stage({
      'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  labels:\n    shared: &pw ${encoded}\ndata: {password: *pw}\n`,
    });
    const output = await expectBlocked(repo, pw);
    expect(output).not.toContain(encoded);
    expect(output).toContain('k8s/secret.yaml:6:');
    expect(output).toContain('k8s-secret-data:password');
  });

  it('a merge key brings the anchored map into a Secret', async () => {
    const repo = await hookedRepo();
    await repo.stage({
      'k8s/secret.yaml': `x-defaults: &defaults\n  DB_PASSWORD: ${encoded}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  <<: *defaults\n  USER: YXBw\n`,
    });
    const output = await expectBlocked(repo, pw);
    expect(output).not.toContain(encoded);
    expect(output).toContain('k8s/secret.yaml:2:');
    expect(output).toContain('k8s-secret-data:DB_PASSWORD');
  });

  it('a billion-laughs file is bounded: the commit goes through', async () => {
    const repo = await hookedRepo();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    await repo.stage({ 'values.yaml': `${levels.join('\n')}\n` });
    await expectCommitted(repo);
  });
});

describe('files: missing and unreadable paths are errors', () => {
  it('a path that does not exist: exit 2, naming it', async () => {
    const repo = await hookedRepo();
    const result = await repo.run(['files', 'does-not-exist']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('does-not-exist: no such file or directory');
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file: exit 2, naming it', async () => {
    const repo = await hookedRepo();
    repo.write({ 'secret.txt': 'x' });
    await runProcess('chmod', ['000', 'secret.txt'], repo.dir);
    const result = await repo.run(['files', 'secret.txt']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('secret.txt: cannot be read');
  });
});

describe('legitimate commits that used to crash the hook', () => {
  /** A repository with a submodule, a file about to become a symlink and a symlink about to become a file. */
  async function withSubmodule(): Promise<TestRepo> {
    const sub = await tempRepo();
    await sub.commit({ 'lib.txt': 'one\n' }, 'one');
    const repo = await hookedRepo();
    const add = await gitIn(repo, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib']);
    expect(add.code, add.stderr).toBe(0);
    await repo.commit({ 'target.txt': 'target\n', 'was-file.txt': 'plain\n' }, 'files');
    await runProcess('ln', ['-s', 'target.txt', 'was-link'], repo.dir);
    await repo.git.raw(['add', 'was-link']);
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'link']);
    await sub.commit({ 'lib.txt': 'two\n' }, 'two');
    const pull = await gitIn(repo, ['-C', 'vendor/lib', 'pull', '-q', 'origin', 'HEAD']);
    expect(pull.code, pull.stderr).toBe(0);
    // The type changes, a submodule bump and a normal change, in one commit.
    await runProcess('rm', ['was-file.txt', 'was-link'], repo.dir);
    await runProcess('ln', ['-s', 'target.txt', 'was-file.txt'], repo.dir);
    repo.write({ 'was-link': 'now a file\n', 'app.txt': 'a normal change\n' });
    await repo.git.raw(['add', '-A']);
    return repo;
  }

  for (const [name, config] of [
    ['a type change to and from a symlink', []],
    ['diff.submodule=log', ['diff.submodule', 'log']],
    ['diff.submodule=diff', ['diff.submodule', 'diff']],
    ['color.diff=always in the user config', ['color.diff', 'always']],
    ['color.ui=always in the user config', ['color.ui', 'always']],
  ] as const) {
    it(`${name}, with a submodule bump and a normal change`, async () => {
      const repo = await withSubmodule();
      const global = join(repo.dir, '..', `${repo.dir.split('/').pop()}-gitconfig`);
      writeFileSync(global, config.length === 2 ? `[${config[0].split('.')[0]}]\n\t${config[0].split('.')[1]} = ${config[1]}\n` : '');
      const status = await repo.git.raw(['status', '--porcelain']);
      expect(status).toMatch(/^T {2}was-file\.txt$/m);
      await expectCommitted(repo, { GIT_CONFIG_GLOBAL: global });
    });
  }

  it('a secret in the same commit as a type change and a submodule bump is still blocked', async () => {
    const repo = await withSubmodule();
    const token = githubToken(170);
    await repo.stage({ 'app.txt': `a normal change\nTOKEN=${token}\n` });
    const output = await expectBlocked(repo, token);
    expect(output).toContain('app.txt:2:');
  });
});
