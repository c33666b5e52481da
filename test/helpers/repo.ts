/**
 * Real temporary git repositories for tests, built with simple-git (convenient
 * here; the scanner itself spawns git directly for speed and raw bytes).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit, type SimpleGit } from 'simple-git';

export const CLI = fileURLToPath(new URL('../../dist/bin/leakgate.cjs', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a hook would: no stdin, no terminal. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runProcess(process.execPath, [CLI, ...args], cwd, env);
}

export function runProcess(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
}

export interface TestRepo {
  readonly dir: string;
  readonly git: SimpleGit;
  write(files: Record<string, string | Buffer>): void;
  /** Writes, stages and commits `files`. */
  commit(files: Record<string, string | Buffer>, message?: string): Promise<void>;
  stage(files: Record<string, string | Buffer>): Promise<void>;
  run(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunResult>;
  /** The findings of `leakgate staged --format json`, as `file:line ruleId` strings. */
  stagedFindings(): Promise<string[]>;
  remove(): void;
}

const made: TestRepo[] = [];

export async function tempRepo(): Promise<TestRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'leakgate-test-'));
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.name', 'Test User');
  await git.addConfig('user.email', 'test@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  await git.addConfig('core.autocrlf', 'false');
  const write = (files: Record<string, string | Buffer>): void => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  const repo: TestRepo = {
    dir,
    git,
    write,
    async stage(files) {
      write(files);
      await git.raw(['add', '--', ...Object.keys(files)]);
    },
    async commit(files, message = 'change') {
      await repo.stage(files);
      await git.raw(['commit', '-q', '--no-verify', '-m', message]);
    },
    run: (args, env) => runCli(args, dir, env),
    async stagedFindings() {
      const result = await runCli(['staged', '--format', 'json'], dir);
      if (result.code !== 0 && result.code !== 1) throw new Error(`leakgate exited ${result.code}: ${result.stderr}`);
      const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
      return report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  made.push(repo);
  return repo;
}

/**
 * A repository with leakgate's hook installed by `leakgate init` (checked) and one
 * commit, for end-to-end tests that commit through the hook as a user would.
 */
export async function hookedRepo(): Promise<TestRepo> {
  const repo = await tempRepo();
  const init = await repo.run(['init']);
  if (init.code !== 0) throw new Error(`leakgate init failed (exit ${init.code}):\n${init.stdout}${init.stderr}`);
  await repo.commit({ 'README.md': '# app\n' }, 'start');
  return repo;
}

export function removeTempRepos(): void {
  for (const repo of made.splice(0)) repo.remove();
}
