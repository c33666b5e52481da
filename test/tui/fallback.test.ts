/**
 * No terminal (a GUI client, CI, --no-tui): the text report with the YAML that
 * would allow each finding, and exit 1. Run detached from any terminal, so that
 * /dev/tty cannot be opened even when the tests themselves run in one.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, removeTempRepos, tempRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

function runDetached(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: withoutCi({ ...process.env, NO_COLOR: '1', ...env }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function withoutCi(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, LEAKGATE_NO_TUI: _off, ...rest } = env;
  return rest;
}

describe('without a terminal', () => {
  it('staged and review print the findings with the YAML that allows each, and exit 1', async () => {
    const repo = await tempRepo();
    const token = githubToken(71);
    await repo.stage({ 'src/a.ts': `export const t = "${token}";\n` });
    for (const args of [['staged'], ['review'], ['staged', '--no-tui']]) {
      const result = await runDetached(args, repo.dir);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toContain('        - fingerprint: lg2:');
      expect(result.stdout).toContain('          path: "src/a.ts"');
      expect(result.stdout).toContain('        github-pat:\n          allow:\n            paths: ["src/a.ts"]');
      expect(result.stdout + result.stderr).not.toContain(token);
    }
    expect((await runDetached(['review'], repo.dir)).stderr).toContain('leakgate: no terminal to review on');
  });
});
