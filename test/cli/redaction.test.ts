/**
 * No output contains a planted secret in clear unless --no-redact is given:
 * every stream and file of every format is searched for every planted secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken, password, randomBase62 } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const planted = [githubToken(31), password(32), randomBase62(40, 33), randomBase62(24, 34)];

async function plantedRepo(): Promise<TestRepo> {
  const repo = await tempRepo();
  await repo.commit({ 'README.md': '# app\n' });
  await repo.stage({
    'src/client.ts': `export const token = "${planted[0]}";\n// again: ${planted[0]}\n`,
    'config/db.env': `DB_PASSWORD=${planted[1]}\nAPI_KEY=${planted[2]}\n`,
    'settings.json': `{\n  "client_secret": "${planted[3]}"\n}\n`,
  });
  return repo;
}

function leaked(text: string): string[] {
  return planted.filter((secret) => text.includes(secret));
}

describe('redaction', () => {
  it('keeps every planted secret out of text, JSON, report files and stderr', async () => {
    const repo = await plantedRepo();
    const outputs: string[] = [];
    for (const args of [
      ['staged'],
      ['staged', '--format', 'json'],
      ['staged', '--verbose'],
      ['files', '.'],
      ['files', '.', '--format', 'json'],
    ]) {
      const result = await repo.run(args);
      expect(result.code).toBe(1);
      outputs.push(result.stdout, result.stderr);
    }
    const file = join(repo.dir, 'report.json');
    const toFile = await repo.run(['staged', '--format', 'json', '--output', file]);
    expect(toFile.code).toBe(1);
    outputs.push(toFile.stdout, toFile.stderr, readFileSync(file, 'utf8'));

    const report = JSON.parse(readFileSync(file, 'utf8')) as { findings: { file: string; line: number; locations?: { line: number }[] }[] };
    // The token written twice in src/client.ts is one finding with both lines.
    expect(report.findings.map((f) => `${f.file}:${[f.line, ...(f.locations ?? []).slice(1).map((l) => l.line)].join(',')}`)).toEqual([
      'config/db.env:1',
      'config/db.env:2',
      'settings.json:2',
      'src/client.ts:1,2',
    ]);
    expect(leaked(outputs.join('\n'))).toEqual([]);
  });

  it('shows the secrets in clear with --no-redact, and only then', async () => {
    const repo = await plantedRepo();
    const result = await repo.run(['staged', '--format', 'json', '--no-redact']);
    expect(leaked(result.stdout).sort()).toEqual([...planted].sort());
    expect(leaked(result.stderr)).toEqual([]);
  });
});
