/**
 * `leakgate history` computes the slow fingerprints of guessable secrets only when
 * they are asked for (`--fingerprints`, `--baseline`, `leakgate baseline`), off the
 * main thread while it scans; what it reports must be what `fingerprint` gives,
 * byte for byte, with detection on the main thread or in threads, and no
 * provisional id may reach any report or baseline. Unasked, it computes none, and
 * the reports say so.
 */
import crypto from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FINGERPRINT_PATTERN, fingerprint } from '../../src/findings/fingerprint.js';
import { PROVISIONAL_PREFIX } from '../../src/findings/pending-fingerprints.js';
import { isRandomSecret } from '../../src/findings/strength.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/sources/source.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  secret: string;
  fingerprint?: string;
  commit: string;
  commits: number;
}

// Guessable: each is hashed with scrypt.
const DB = 'mydbpass123'; // leakgate:allow (test input)
const APP = 'hunter2024'; // leakgate:allow (test input)
const SMTP = 'winter2023!'; // leakgate:allow (test input)
const ADMIN = 'letmein99'; // leakgate:allow (test input)
const TOKEN = githubToken(401);

const secretYaml = (values: Record<string, string>): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n${Object.entries(values)
    .map(([key, value]) => `  ${key}: ${value}\n`)
    .join('')}`;

describe('leakgate history fingerprints of guessable secrets, across renames', () => {
  let repo: TestRepo;

  beforeAll(async () => {
    repo = await tempRepo();
    await repo.commit(
      {
        'config/db.yaml': secretYaml({ password: DB }),
        'app/settings.py': `DB_PASSWORD = "${APP}"\n`,
        'app/.env': `SMTP_PASSWORD=${SMTP}\n`,
        'app/token.ts': `export const token = '${TOKEN}';\n`,
      },
      'Add the app',
    );
    mkdirSync(join(repo.dir, 'deploy'));
    await repo.git.raw(['mv', 'config/db.yaml', 'deploy/db.yaml']);
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'Move the manifests']);
    await repo.commit(
      { 'deploy/db.yaml': secretYaml({ password: DB, adminPassword: ADMIN }), 'app/other.py': `OTHER_PASSWORD = "${APP}"\n` },
      'An admin password, and the same one elsewhere',
    );
    await repo.git.raw(['mv', 'app/.env', 'app/prod.env']);
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'Rename the env file']);
  });
  afterAll(removeTempRepos);

  async function report(args: readonly string[]): Promise<{ findings: JsonFinding[]; text: string }> {
    const result = await repo.run(['history', '--format', 'json', '--no-config', '--no-redact', ...args]);
    expect(result.code, result.stderr).toBe(1);
    const parsed = JSON.parse(result.stdout) as { findings: JsonFinding[]; stats: { durationMs: number } };
    parsed.stats.durationMs = 0;
    return { findings: parsed.findings, text: JSON.stringify(parsed) };
  }

  it('tests what it means to: the planted passwords are guessable, the token is not', () => {
    for (const secret of [DB, APP, SMTP, ADMIN]) expect(isRandomSecret(secret)).toBe(false);
    expect(isRandomSecret(TOKEN)).toBe(true);
  });

  it('reports the fingerprints that fingerprint() gives, on the main thread and with detection threads', async () => {
    const inline = await report(['--threads', '0', '--fingerprints']);
    expect(inline.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} x${f.commits}`)).toEqual([
      'app/.env:1 generic-password x1',
      'app/settings.py:1 generic-password x1',
      'app/token.ts:1 github-pat x1',
      'config/db.yaml:6 k8s-secret-value x1',
      'app/other.py:1 generic-password x1',
      'deploy/db.yaml:7 k8s-secret-value x1',
    ]);
    expect(inline.findings.map((f) => f.secret)).toEqual([SMTP, APP, TOKEN, DB, APP, ADMIN]);
    for (const f of inline.findings) expect(f.fingerprint).toBe(fingerprint(f.ruleId, f.file, f.secret));
    const threaded = await report(['--threads', '1', '--fingerprints']);
    expect(threaded.text).toBe(inline.text);
  });

  it('leaves the guessable secrets\' fingerprints out unless asked, the same findings otherwise, with or without threads', async () => {
    const asked = await report(['--threads', '0', '--fingerprints']);
    for (const threads of ['0', '1']) {
      const unasked = await report(['--threads', threads]);
      expect(unasked.findings.map((f) => ({ ...f, fingerprint: undefined }))).toEqual(asked.findings.map((f) => ({ ...f, fingerprint: undefined })));
      // Only the token's, which costs no scrypt.
      expect(unasked.findings.map((f) => f.fingerprint)).toEqual([undefined, undefined, fingerprint('github-pat', 'app/token.ts', TOKEN), undefined, undefined, undefined]);
    }
    const text = await repo.run(['history', '--no-config', '--threads', '0']);
    expect(text.stdout).toContain('    id       not computed (a guessable secret: --fingerprints computes it)\n');
    expect(text.stdout).toMatch(/\n {8}# app\/\.env: its fingerprint is left out; `[^`\n]* history --fingerprints` prints it\n/);
    expect(text.stdout).toContain(`        - fingerprint: ${fingerprint('github-pat', 'app/token.ts', TOKEN)}\n`);
    const sarif = JSON.parse((await repo.run(['history', '--no-config', '--format', 'sarif'])).stdout) as {
      runs: { results: { partialFingerprints?: Record<string, string> }[] }[];
    };
    expect(sarif.runs[0]!.results.map((r) => r.partialFingerprints !== undefined)).toEqual([false, false, true, false, false, false]);
  });

  it('still applies ignore entries (with and without their rule and path) to guessable secrets whose fingerprints it does not report, and a baseline (which makes it compute them all)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakgate-prints-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `ignore:\n  - fingerprint: ${fingerprint('generic-password', 'app/settings.py', APP)}\n    reason: test\n`);
    const ignored = await report(['--config', config, '--threads', '0']);
    expect(ignored.findings.map((f) => f.file)).toEqual(['app/.env', 'app/token.ts', 'config/db.yaml', 'app/other.py', 'deploy/db.yaml']);
    const scoped = join(dir, 'scoped.yaml');
    writeFileSync(scoped, `ignore:\n  - fingerprint: ${fingerprint('k8s-secret-value', 'config/db.yaml', DB)}\n    rule: k8s-secret-value\n    path: config/db.yaml\n    reason: test\n`);
    for (const threads of ['0', '1']) {
      const kept = await report(['--config', scoped, '--threads', threads]);
      expect(kept.findings.map((f) => f.file)).toEqual(['app/.env', 'app/settings.py', 'app/token.ts', 'app/other.py', 'deploy/db.yaml']);
    }
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, `${JSON.stringify({ version: 1, tool: 'leakgate', fingerprints: [fingerprint('k8s-secret-value', 'deploy/db.yaml', ADMIN)] })}\n`);
    const based = await report(['--baseline', baseline, '--threads', '1']);
    expect(based.findings.map((f) => f.file)).toEqual(['app/.env', 'app/settings.py', 'app/token.ts', 'config/db.yaml', 'app/other.py']);
    // A baseline compares fingerprints: the report has them all.
    for (const f of based.findings) expect(f.fingerprint).toBe(fingerprint(f.ruleId, f.file, f.secret));
  });

  it('hashes them on the thread pool while it scans, never with scryptSync on the main thread', async () => {
    // New module instances: an empty fingerprint cache, so every fingerprint is computed.
    vi.resetModules();
    const { scanHistory } = await import('../../src/history/scan-history.js');
    const { planHistory } = await import('../../src/sources/history.js');
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const scryptSync = vi.spyOn(crypto, 'scryptSync');
    try {
      const plan = await planHistory(repo.dir, { revs: [], all: false, pathspecs: [] });
      const options = { root: repo.dir, plan, setup: { root: repo.dir, config: false as const, redact: true }, threads: 0, workers: 1, maxFileBytes: DEFAULT_MAX_FILE_BYTES, pathspecs: [] };
      const result = await scanHistory({ ...options, allFingerprints: true });
      expect(scryptSync).not.toHaveBeenCalled();
      // The five guessable findings, and the three aliases of those in renamed files.
      expect(scrypt).toHaveBeenCalledTimes(8);
      const secrets = new Map([['app/.env', SMTP], ['app/settings.py', APP], ['app/token.ts', TOKEN], ['config/db.yaml', DB], ['app/other.py', APP], ['deploy/db.yaml', ADMIN]]);
      expect(result.findings.map((f) => f.file)).toEqual([...secrets.keys()]);
      for (const f of result.findings) expect(f.fingerprint).toBe(fingerprint(f.ruleId, f.file, secrets.get(f.file)!));
      expect(result.findings.map((f) => f.aliases)).toEqual([
        [fingerprint('generic-password', 'app/prod.env', SMTP)],
        undefined,
        undefined,
        [fingerprint('k8s-secret-value', 'deploy/db.yaml', DB)],
        undefined,
        [fingerprint('k8s-secret-value', 'config/db.yaml', ADMIN)],
      ]);
      // Unasked, not one: the same scan in a fresh module instance.
      vi.resetModules();
      scrypt.mockClear();
      scryptSync.mockClear();
      const fresh = await import('../../src/history/scan-history.js');
      const cheap = await fresh.scanHistory({ ...options, allFingerprints: false });
      expect(cheap.findings.map((f) => f.file)).toEqual([...secrets.keys()]);
      expect(scrypt).not.toHaveBeenCalled();
      expect(scryptSync).not.toHaveBeenCalled();
      expect(cheap.findings.map((f) => f.fingerprint)).toEqual([undefined, undefined, fingerprint('github-pat', 'app/token.ts', TOKEN), undefined, undefined, undefined]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('writes the aliases of renamed files to the baseline, the same with or without threads', async () => {
    const out = mkdtempSync(join(tmpdir(), 'leakgate-prints-'));
    const texts: string[] = [];
    for (const threads of ['0', '1']) {
      const file = join(out, `baseline-${threads}.json`);
      expect((await repo.run(['baseline', '--no-config', '--threads', threads, '--output', file])).code).toBe(0);
      texts.push(readFileSync(file, 'utf8'));
    }
    expect(texts[1]).toBe(texts[0]);
    const expected = [
      fingerprint('generic-password', 'app/.env', SMTP),
      fingerprint('generic-password', 'app/prod.env', SMTP),
      fingerprint('generic-password', 'app/settings.py', APP),
      fingerprint('github-pat', 'app/token.ts', TOKEN),
      fingerprint('k8s-secret-value', 'config/db.yaml', DB),
      fingerprint('k8s-secret-value', 'deploy/db.yaml', DB),
      fingerprint('generic-password', 'app/other.py', APP),
      fingerprint('k8s-secret-value', 'deploy/db.yaml', ADMIN),
      fingerprint('k8s-secret-value', 'config/db.yaml', ADMIN),
    ].sort();
    expect((JSON.parse(texts[0]!) as { fingerprints: string[] }).fingerprints).toEqual(expected);
  });

  it('never lets a provisional id out, in any format or in a baseline', async () => {
    const outputs: string[] = [];
    // On the main thread, where provisional ids are given.
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      const result = await repo.run(['history', '--no-config', '--format', format, '--threads', '0', '--fingerprints']);
      expect(result.code, result.stderr).toBe(1);
      outputs.push(result.stdout, result.stderr);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'leakgate-prints-')), 'baseline.json');
    await repo.run(['baseline', '--no-config', '--output', file]);
    outputs.push(readFileSync(file, 'utf8'));
    // Unasked too, on the main thread and in threads: a left-out fingerprint is absent, never an id.
    const unasked: string[] = [];
    for (const threads of ['0', '1']) {
      for (const format of ['text', 'json', 'sarif', 'junit']) {
        const result = await repo.run(['history', '--no-config', '--format', format, '--threads', threads]);
        expect(result.code, result.stderr).toBe(1);
        unasked.push(result.stdout, result.stderr);
      }
    }
    for (const text of [...outputs, ...unasked]) expect(text).not.toContain(PROVISIONAL_PREFIX);
    const json = JSON.parse(outputs[2]!) as { findings: JsonFinding[] };
    expect(json.findings).toHaveLength(6);
    for (const f of json.findings) expect(f.fingerprint).toMatch(FINGERPRINT_PATTERN);
    const baseline = JSON.parse(outputs.at(-1)!) as { fingerprints: string[] };
    for (const print of baseline.fingerprints) expect(print).toMatch(FINGERPRINT_PATTERN);
  });
});
