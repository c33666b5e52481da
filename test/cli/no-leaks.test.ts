/**
 * Nothing leaks, nothing is overwritten that leakgate does not own: each case is a
 * way a report, an error message, a fingerprint or a write once gave a secret away
 * or touched a file it should not have. Every stream and file is searched for the
 * planted secrets, in clear and base64-encoded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { legacyFingerprint } from '../../src/findings/fingerprint.js';
import { redact } from '../../src/findings/redact.js';
import { removeTempRepos, tempRepo, type RunResult, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

// Each guessable secret's fingerprint costs about a fifth of a second of CPU by
// design (scrypt, see src/findings/fingerprint.ts), and these tests run the CLI
// many times over such secrets: the default timeout is too short on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

afterAll(removeTempRepos);

const TOKEN = githubToken(41);
const B64 = Buffer.from(TOKEN).toString('base64');
/** The token's mask, as every report shows it. */
const MASKED = redact(TOKEN);
const ESC = '\x1b';

const mkfifoSync = (path: string): void => void execFileSync('mkfifo', [path]);

/** Every output of `results` and every file in `files`, joined. */
function everything(results: readonly RunResult[], files: readonly string[] = []): string {
  return [...results.flatMap((r) => [r.stdout, r.stderr]), ...files.map((file) => readFileSync(file, 'utf8'))].join('\n');
}

function clearIn(text: string, secrets: readonly string[] = [TOKEN, B64]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

interface JsonReport {
  findings: { file: string; line: number; ruleId: string; secret: string; commit?: string; message?: string; fingerprint: string }[];
}

describe('history: commit messages', () => {
  it('reports a secret in a commit subject or body as a finding of its own, with its commit, and masks it everywhere', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' }, `ci: use token ${TOKEN}\n\nThe same, encoded: ${B64}`);
    await repo.commit({ 'src/a.ts': `export const t = "${TOKEN}";\n` }, `add the client with ${TOKEN}`);
    const hash = (await repo.git.raw(['rev-list', '--reverse', 'HEAD'])).split('\n')[0]!;
    const results: RunResult[] = [];
    const files: string[] = [];
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      results.push(await repo.run(['history', '--no-config', '--format', format, '--verbose']));
      const file = join(repo.dir, `report.${format}`);
      results.push(await repo.run(['history', '--no-config', '--format', format, '--output', file]));
      files.push(file);
    }
    expect(results.map((r) => r.code)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const json = JSON.parse(results[2]!.stdout) as JsonReport;
    expect(json.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.commit?.slice(0, 7)} ${f.message}`)).toEqual([
      `<commit message>:1 github-pat ${hash.slice(0, 7)} ci: use token ${MASKED}`,
      `src/a.ts:1 github-pat ${(await repo.git.raw(['rev-parse', 'HEAD'])).slice(0, 7)} add the client with ${MASKED}`,
    ]);
    expect(results[0]!.stdout).toContain(`    message  ci: use token ${MASKED}\n`);
    expect(clearIn(everything(results, files))).toEqual([]);
  });

  it('shows the subject in clear with --no-redact only', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' }, `ci: use token ${TOKEN}`);
    const result = await repo.run(['history', '--no-config', '--format', 'json', '--no-redact']);
    expect((JSON.parse(result.stdout) as JsonReport).findings.map((f) => f.message)).toEqual([`ci: use token ${TOKEN}`]);
  });
});

describe('every occurrence of a secret on a printed line is masked', () => {
  it('masks both base64 copies on one line, and the decoded value beside them', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' });
    await repo.stage({ 'deploy.sh': `first="${B64}" second="${B64}" plain=${TOKEN}\n` });
    const file = join(repo.dir, 'out.txt');
    const junit = join(repo.dir, 'out.xml');
    const results = [
      await repo.run(['staged', '--no-config']),
      await repo.run(['staged', '--no-config', '--verbose']),
      await repo.run(['staged', '--no-config', '--format', 'junit']),
      await repo.run(['staged', '--no-config', '--format', 'sarif']),
      await repo.run(['staged', '--no-config', '--output', file]),
      await repo.run(['staged', '--no-config', '--format', 'junit', '--output', junit]),
      await repo.run(['files', '.', '--no-config', '--verbose']),
    ];
    expect(results.map((r) => r.code)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(results[0]!.stdout).toContain(`    line     first="${MASKED}" second="${MASKED}" plain=${MASKED}\n`);
    expect(clearIn(everything(results, [file, junit]))).toEqual([]);
  });
});

describe('error messages never quote input', () => {
  it('names file, line and key of a bad baseline entry, never the entry', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' });
    writeFileSync(join(repo.dir, 'bl.json'), `{\n  "version": 1,\n  "fingerprints": [\n    "${TOKEN}"\n  ]\n}\n`);
    const result = await repo.run(['history', '--no-config', '--baseline', 'bl.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'leakgate: bl.json:4: fingerprints[0]: expected a leakgate fingerprint (lg2: or lg1: followed by 32 hex digits), got a string that is not one\n',
    );
  });

  it('says a dotenv file given as a baseline is not JSON, without a byte of it', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' });
    writeFileSync(join(repo.dir, '.env'), `GITHUB_TOKEN=${TOKEN}\n`);
    const results = [await repo.run(['history', '--no-config', '--baseline', '.env']), await repo.run(['staged', '--no-config', '--baseline', '.env'])];
    expect(results.map((r) => r.code)).toEqual([2, 2]);
    expect(results[0]!.stderr).toMatch(/^leakgate: \.env: not valid JSON( at line 1, column 1)?: expected a baseline written by `leakgate baseline`\n$/);
    expect(everything(results)).not.toContain('GITHUB');
    expect(clearIn(everything(results), [TOKEN, TOKEN.slice(0, 8)])).toEqual([]);
    // The hook still fails closed.
    expect(results[1]!.stderr).toContain('the commit is blocked because it could not be checked');
  });
});

describe('fingerprints', () => {
  it('writes lg2 and still honours lg1 entries in baselines and ignore lists', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'config/.env': 'DB_PASSWORD=sunshine2024\n' }, 'add config');
    const old = legacyFingerprint('generic-password', 'config/.env', 'sunshine2024');
    const before = await repo.run(['history', '--no-config', '--format', 'json', '--fingerprints']);
    const [finding] = (JSON.parse(before.stdout) as JsonReport).findings;
    expect(finding).toMatchObject({ file: 'config/.env', ruleId: 'generic-password', secret: '********' });
    expect(finding!.fingerprint).toMatch(/^lg2:[0-9a-f]{32}$/);

    writeFileSync(join(repo.dir, 'old.json'), `${JSON.stringify({ version: 1, tool: 'leakgate', fingerprints: [old] })}\n`);
    expect((await repo.run(['history', '--no-config', '--baseline', 'old.json'])).code).toBe(0);
    writeFileSync(join(repo.dir, '.leakgate.yaml'), `ignore:\n  - fingerprint: ${old}\n    reason: test\n`);
    expect((await repo.run(['history'])).code).toBe(0);

    // `leakgate baseline` rewrites it in the new form.
    expect((await repo.run(['baseline', '--no-config', '--output', 'new.json', '--quiet'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.dir, 'new.json'), 'utf8'))).toEqual({ version: 1, tool: 'leakgate', fingerprints: [finding!.fingerprint] });
  });
});

describe('control characters in untrusted strings', () => {
  it('shows escapes in file names, authors and subjects; JUnit stays valid XML, SARIF valid JSON', async () => {
    const repo = await tempRepo();
    const name = `evil${ESC}[2K${ESC}[1A\u202Ename.ts`;
    await repo.git.addConfig('user.name', `Mallory${ESC}[8m`);
    await repo.commit({ [name]: `const t = "${TOKEN}";\n` }, `subject ${ESC}]0;title\x07 here`);
    const text = await repo.run(['history', '--no-config']);
    const junit = await repo.run(['history', '--no-config', '--format', 'junit']);
    const sarif = await repo.run(['history', '--no-config', '--format', 'sarif']);
    expect([text.code, junit.code, sarif.code]).toEqual([1, 1, 1]);
    expect(text.stdout).toContain('  evil\\x1B[2K\\x1B[1A\\u202Ename.ts:1:12  GitHub personal access token');
    expect(text.stdout).toContain(' Mallory\\x1B[8m <test@example.com> ');
    expect(text.stdout).toContain('    message  subject \\x1B]0;title\\x07 here\n');
    // The allowlist advice quotes the path so that YAML reads back the real name.
    expect(text.stdout).toContain('path: "evil\\u001b[2K\\u001b[1A\\u202Ename.ts"');
    for (const output of [text.stdout, text.stderr, junit.stdout, junit.stderr, sarif.stderr]) {
      // eslint-disable-next-line no-control-regex -- no control character may reach the output
      expect(output).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    }
    expect(junit.stdout).toContain('evil\\x1B[2K\\x1B[1A\\u202Ename.ts');
    expect((JSON.parse(sarif.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      'evil%1B%5B2K%1B%5B1A%E2%80%AEname.ts',
    );
  });
});

describe('--output never writes through a symbolic link', () => {
  async function repoWithSecret(): Promise<TestRepo> {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' });
    await repo.stage({ 'src/a.ts': `const t = "${TOKEN}";\n` });
    return repo;
  }

  it('refuses a link at the target, naming it, and leaves the link target alone (exit 2, commit blocked)', async () => {
    const repo = await repoWithSecret();
    const victim = join(repo.dir, 'victim.txt');
    writeFileSync(victim, 'mine\n');
    symlinkSync('victim.txt', join(repo.dir, 'leakgate.sarif'));
    const result = await repo.run(['staged', '--format', 'sarif', '--output', 'leakgate.sarif']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('leakgate: --output leakgate.sarif: is a symbolic link; refusing to write through it');
    expect(result.stderr).toContain('the commit is blocked because it could not be checked');
    expect(readFileSync(victim, 'utf8')).toBe('mine\n');
    expect(lstatSync(join(repo.dir, 'leakgate.sarif')).isSymbolicLink()).toBe(true);
  });

  it('refuses a link on the way to the target, and a baseline written through one', async () => {
    const repo = await repoWithSecret();
    mkdirSync(join(repo.dir, 'elsewhere'));
    symlinkSync('elsewhere', join(repo.dir, 'reports'));
    const result = await repo.run(['staged', '--format', 'json', '--output', 'reports/r.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`leakgate: --output reports/r.json: goes through ${join(repo.dir, 'reports')}, which is a symbolic link`);
    symlinkSync('elsewhere/b.json', join(repo.dir, 'bl.json'));
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'secret']);
    const baseline = await repo.run(['baseline', '--output', 'bl.json']);
    expect(baseline.code).toBe(2);
    expect(readdirSync(join(repo.dir, 'elsewhere'))).toEqual([]);
  });

  it('replaces a regular file by rename, leaving no temporary file, and writes a FIFO in place', async () => {
    const repo = await repoWithSecret();
    writeFileSync(join(repo.dir, 'r.json'), 'old\n');
    const result = await repo.run(['staged', '--format', 'json', '--output', 'r.json']);
    expect(result.code).toBe(1);
    expect((JSON.parse(readFileSync(join(repo.dir, 'r.json'), 'utf8')) as JsonReport).findings.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(readdirSync(repo.dir).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    expect(clearIn(readFileSync(join(repo.dir, 'r.json'), 'utf8'))).toEqual([]);
    const devNull = await repo.run(['staged', '--format', 'json', '--output', '/dev/null']);
    expect(devNull.code).toBe(1);
  });

  it('fails closed when the report cannot be written at all (internal error, exit 3)', async () => {
    const repo = await repoWithSecret();
    const result = await repo.run(['staged', '--output', 'no/such/dir/r.txt']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('leakgate: internal error: ');
    expect(result.stderr).toContain('git commit --no-verify');
    expect(clearIn(result.stdout + result.stderr)).toEqual([]);
  });
});

describe('files reads regular files inside the tree only', () => {
  it('follows no symbolic link, reads no device or FIFO, and names each in a note', async () => {
    const repo = await tempRepo();
    const outside = await tempRepo();
    writeFileSync(join(outside.dir, 'credentials'), `aws_token = "${TOKEN}"\n`);
    await repo.commit({ 'README.md': '# app\n' });
    symlinkSync(join(outside.dir, 'credentials'), join(repo.dir, 'creds'));
    symlinkSync(outside.dir, join(repo.dir, 'outdir'));
    symlinkSync('/dev/zero', join(repo.dir, 'zero'));
    symlinkSync('/dev/urandom', join(repo.dir, 'random'));
    symlinkSync('README.md', join(repo.dir, 'readme-link'));
    mkfifoSync(join(repo.dir, 'pipe'));
    const results = [
      await repo.run(['files', '.', '--no-config', '--no-gitignore', '--format', 'json', '--verbose']),
      await repo.run(['files', '--no-config', '--verbose', 'creds', 'zero', 'pipe', 'README.md']),
    ];
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results[1]!.stdout).toBe(
      [
        'leakgate: no secrets found in 1 file.',
        '',
        'Skipped or noted (3):',
        '  creds: symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)',
        '  zero: symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)',
        '  pipe: a FIFO: not read',
        '',
      ].join('\n'),
    );
    const text = await repo.run(['files', '.', '--no-config', '--no-gitignore', '--verbose']);
    expect(text.stdout.split('\n').filter((line) => line.startsWith('  ') && line.includes(': ')).sort()).toEqual(
      [
        '  creds: symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)',
        '  outdir: symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)',
        '  pipe: a FIFO: not read',
        '  random: symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)',
        '  readme-link: symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)',
        '  zero: symbolic link: not followed (a file it points to inside the scanned tree is scanned under its own name)',
      ].sort(),
    );
    expect(clearIn(everything([...results, text]))).toEqual([]);
    expect(existsSync(join(repo.dir, 'pipe'))).toBe(true);
  });

  it('names a device given on the command line without reading it', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'README.md': '# app\n' });
    const result = await repo.run(['files', '--no-config', '/dev/zero']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  /dev/zero: a device: not read\n');
  });
});

// Tracked in git, the repository's own files are scanned by `git ls-files`: a committed link too.
describe('files in a repository with a committed symbolic link', () => {
  it('notes the committed link instead of reading through it', async () => {
    const repo = await tempRepo();
    const outside = await tempRepo();
    writeFileSync(join(outside.dir, 'secret.env'), `GITHUB_TOKEN=${TOKEN}\n`);
    symlinkSync(join(outside.dir, 'secret.env'), join(repo.dir, 'linked.env'));
    await repo.git.raw(['add', 'linked.env']);
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'link']);
    expect(execFileSync('git', ['ls-files', '-s'], { cwd: repo.dir, encoding: 'utf8' })).toMatch(/^120000 /);
    const result = await repo.run(['files', '.', '--no-config']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  linked.env: symbolic link: not followed');
    expect(clearIn(result.stdout + result.stderr)).toEqual([]);
  });
});
