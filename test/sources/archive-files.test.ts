import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesSource } from '../../src/sources/files.js';
import { runCli } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';
import { rawZip, tar, zip } from '../helpers/archives.js';

interface Report {
  findings: { file: string; line: number; column: number; ruleId: string; secret: string }[];
}

let dir: string;
const tokens = Array.from({ length: 10 }, (_, i) => githubToken(101 + i));
const env = (i: number) => `# settings\nDEBUG=false\nGITHUB_TOKEN=${tokens[i]}\n`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leakgate-archives-'));
  const write = (path: string, bytes: Uint8Array) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  };
  write('bundle.zip', zip({ 'app/.env': env(0), 'app/README.md': '# app\n' }));
  write('stored.zip', zip({ 'app/.env': env(1) }, 0));
  write('lib/app.jar', zip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'application.properties': `server.port=8080\n\ngithub.token=${tokens[2]}\n` }));
  write(
    'docs/report.docx',
    zip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
      'word/document.xml': `<?xml version="1.0"?>\n<w:document>\n<w:body><w:p><w:r><w:t>token ${tokens[3]}</w:t></w:r></w:p></w:body>\n</w:document>\n`,
    }),
  );
  write('backup.tar', await tar({ 'etc/app/.env': env(4) }));
  write('backup.tar.gz', gzipSync(await tar({ 'etc/app/.env': env(5) })));
  write('prod.env.gz', gzipSync(strToU8(env(6)), { filename: 'prod.env' }));
  write('nested.tar.gz', gzipSync(await tar({ 'dist/inner.zip': zip({ 'config/.env': env(7) }) })));
  const secret = strToU8('ciphertext');
  write('locked.zip', rawZip([{ name: 'secret.env', method: 0, data: secret, size: secret.length, flags: 1 }]));
  write('deep/down/evil.zip', zip({ '../../x/.env': env(8) }));
  write('plain/.env', strToU8(env(9)));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leakgate files on archives', () => {
  it('reports each secret at its member’s own path and line, and the secret never in clear', async () => {
    const run = await runCli(['files', '.', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort()).toEqual(
      [
        'backup.tar!etc/app/.env:3 github-pat',
        'backup.tar.gz!etc/app/.env:3 github-pat',
        'bundle.zip!app/.env:3 github-pat',
        'deep/down/evil.zip!../../x/.env:3 github-pat',
        'docs/report.docx!word/document.xml:3 github-pat',
        'lib/app.jar!application.properties:3 github-pat',
        'nested.tar.gz!dist/inner.zip!config/.env:3 github-pat',
        'plain/.env:3 github-pat',
        'prod.env.gz!prod.env:3 github-pat',
        'stored.zip!app/.env:3 github-pat',
      ].sort(),
    );
    for (const token of tokens) {
      expect(run.stdout).not.toContain(token);
      expect(run.stderr).not.toContain(token);
    }
  });

  it.skipIf(spawnSync('bzip2', ['--help']).status !== 0)('finds a token inside a chart’s bzip2-compressed file and a .tar.bz2, and exits 1, not 2', async () => {
    const charts = mkdtempSync(join(tmpdir(), 'leakgate-bzip2-'));
    try {
      const bzip2 = (bytes: Uint8Array) => new Uint8Array(spawnSync('bzip2', ['-c'], { input: bytes }).stdout);
      mkdirSync(join(charts, 'crds', 'files'), { recursive: true });
      writeFileSync(join(charts, 'crds', 'files', 'crds.bz2'), bzip2(strToU8(`kind: CustomResourceDefinition\n${env(0)}`)));
      writeFileSync(join(charts, 'backup.tar.bz2'), bzip2(await tar({ 'etc/.env': env(1) })));
      const run = await runCli(['files', '.', '--format', 'json'], charts);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as Report & { notScanned?: unknown[] };
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort()).toEqual(['backup.tar.bz2!etc/.env:3 github-pat', 'crds/files/crds.bz2!crds:4 github-pat']);
      expect(report.notScanned).toBeUndefined();
      expect(run.stdout).not.toContain(tokens[0]);
      expect(run.stdout).not.toContain(tokens[1]);
    } finally {
      rmSync(charts, { recursive: true, force: true });
    }
  });

  it('names what it could not scan in the text report, and writes nothing to disk', async () => {
    const run = await runCli(['files', '.'], dir);
    expect(run.stdout).toContain('bundle.zip!app/.env:3');
    expect(run.stdout).toContain('locked.zip!secret.env: not scanned: encrypted (password-protected)');
    for (const token of tokens) expect(run.stdout).not.toContain(token);
    // The member named ../../x/.env is a name: no x/ appeared next to or above the archive.
    expect(existsSync(join(dir, 'deep', 'x'))).toBe(false);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('reads the archive budgets from the config', async () => {
    const config = join(dir, '..', `${dir.split('/').pop()}-limits.yaml`);
    writeFileSync(config, 'limits:\n  archiveDepth: 1\n');
    try {
      const run = await runCli(['files', 'nested.tar.gz', '--config', config], dir);
      // What was not opened is not scanned: exit 2 unless accepted (--allow-skipped).
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('nested.tar.gz!dist/inner.zip: not opened: an archive nested more than 1 deep');
    } finally {
      rmSync(config, { force: true });
    }
  });

  it('opens an archive larger than the file cap, which holds for text files', async () => {
    const items: string[] = [];
    for await (const item of filesSource({ cwd: dir, paths: ['bundle.zip', 'plain/.env'], maxFileBytes: 64 })) {
      items.push('note' in item ? `${item.note.path}: ${item.note.message}` : `${item.fragment.path}: ${item.fragment.text.length} characters`);
    }
    expect(items).toEqual(['bundle.zip!app/.env: 77 characters', 'bundle.zip!app/README.md: 6 characters', 'plain/.env: not scanned: 77 B, above the 64 B limit (raise maxFileSize in .leakgate.yaml, or list the path under allow.paths)']);
  });
});
