/**
 * `leakgate commit-msg FILE`, the commit-msg hook's scan: the message as git will
 * store it, reported under `<commit message>` with the message file's line
 * numbers, never in clear, with `leakgate staged`'s exit codes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SCISSORS } from '../../src/sources/commit-message.js';
import { COMMIT_MESSAGE_PATH } from '../../src/types.js';
import { hookedRepo, removeTempRepos, runProcess, tempRepo, type RunResult, type TestRepo } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(removeTempRepos);

const MESSAGE_FILE = '.git/COMMIT_EDITMSG';
/** git sets GIT_EDITOR to `:` for the hook when the message was not edited (`-m`, `-F`). */
const GIVEN = { GIT_EDITOR: ':' };
const EDITED = { GIT_EDITOR: 'vi' };

async function scanMessage(repo: TestRepo, message: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): Promise<RunResult> {
  repo.write({ [MESSAGE_FILE]: message });
  return repo.run(['commit-msg', MESSAGE_FILE, ...args], env);
}

/** The findings of a JSON report as `file:line:column ruleId`. */
function located(run: RunResult): string[] {
  const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number; ruleId: string }[] };
  return report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
}

describe('leakgate commit-msg', () => {
  it('blocks a message holding a token, at its line and column, never printing it in clear', async () => {
    const repo = await tempRepo();
    const token = githubToken(81);
    const message = `deploy to staging\n\nuse ${token} for ci\n`;
    const json = await scanMessage(repo, message, GIVEN, ['--format', 'json']);
    expect(json.code).toBe(1);
    expect(located(json)).toEqual([`${COMMIT_MESSAGE_PATH}:3:5 github-pat`]);

    const outputs = [json];
    for (const format of ['text', 'sarif', 'junit']) outputs.push(await scanMessage(repo, message, GIVEN, ['--format', format]));
    for (const run of outputs) {
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toContain(token);
    }
    const text = outputs[1]!.stdout;
    expect(text).toContain('leakgate: 1 secret found in the commit message');
    expect(text).toContain(`${COMMIT_MESSAGE_PATH}:3:5  GitHub personal access token (classic)`);
    expect(text).toContain('To bypass this check once (not recommended): git commit --no-verify');
    expect(outputs[2]!.stdout).toContain(`"uri": "${encodeURI(COMMIT_MESSAGE_PATH)}"`);
  });

  it('passes a clean message (exit 0), quietly with --quiet', async () => {
    const repo = await tempRepo();
    const run = await scanMessage(repo, 'fix typo\n', GIVEN);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, 'leakgate: no secrets found in the commit message.\n', '']);
    const quiet = await scanMessage(repo, 'fix typo\n', GIVEN, ['--quiet']);
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, '', '']);
  });

  it('an edited message: comment lines and the scissors section (git commit -v) are not scanned, since git does not store them', async () => {
    const repo = await tempRepo();
    const [inComment, inDiff, inBody] = [githubToken(82), githubToken(83), githubToken(84)];
    const message =
      `# comment ${inComment}\nsubject\n\nbody ${inBody}\n` +
      `# Please enter the commit message for your changes.\n# ${SCISSORS}\n# Do not modify or remove the line above.\n` +
      `diff --git a/.env b/.env\n+TOKEN=${inDiff}\n`;
    const run = await scanMessage(repo, message, EDITED, ['--format', 'json']);
    expect(run.code).toBe(1);
    expect(located(run)).toEqual([`${COMMIT_MESSAGE_PATH}:4:6 github-pat`]);

    const clean = await scanMessage(repo, `subject\n# comment ${inComment}\n# ${SCISSORS}\n+TOKEN=${inDiff}\n`, EDITED);
    expect(clean.code).toBe(0);
  });

  it('a -m message keeps its # lines in the commit, so they are scanned', async () => {
    const repo = await tempRepo();
    const run = await scanMessage(repo, `fix\n#${githubToken(85)}\n`, GIVEN, ['--format', 'json']);
    expect(run.code).toBe(1);
    expect(located(run)).toEqual([`${COMMIT_MESSAGE_PATH}:2:2 github-pat`]);
  });

  it('honours core.commentChar (;): ; lines are comments, # lines are message', async () => {
    const repo = await tempRepo();
    await repo.git.addConfig('core.commentChar', ';');
    const message = `subject\n; ${githubToken(86)}\n# ${githubToken(87)}\n; ${SCISSORS}\n${githubToken(88)}\n`;
    const run = await scanMessage(repo, message, EDITED, ['--format', 'json']);
    expect(run.code).toBe(1);
    expect(located(run)).toEqual([`${COMMIT_MESSAGE_PATH}:3:3 github-pat`]);
  });

  it('honours commit.cleanup: verbatim keeps comment lines, so they are scanned', async () => {
    const repo = await tempRepo();
    await repo.git.addConfig('commit.cleanup', 'verbatim');
    const run = await scanMessage(repo, `subject\n# ${githubToken(89)}\n`, EDITED, ['--format', 'json']);
    expect(located(run)).toEqual([`${COMMIT_MESSAGE_PATH}:2:3 github-pat`]);
  });

  it('leakgate:allow on a line of the message allows that line only', async () => {
    const repo = await tempRepo();
    const message = `rotate the example key ${githubToken(90)} leakgate:allow\nand ${githubToken(91)}\n`;
    const run = await scanMessage(repo, message, GIVEN, ['--format', 'json']);
    expect(located(run)).toEqual([`${COMMIT_MESSAGE_PATH}:2:5 github-pat`]);
    const allowed = await scanMessage(repo, `rotate the example key ${githubToken(90)} leakgate:allow\n`, GIVEN);
    expect(allowed.code).toBe(0);
  });

  it('reads the repository’s .leakgate.yaml: an ignore entry for the finding lets the message through', async () => {
    const repo = await tempRepo();
    const message = `deploy with ${githubToken(92)}\n`;
    const first = await scanMessage(repo, message, GIVEN, ['--format', 'json']);
    const [finding] = (JSON.parse(first.stdout) as { findings: { fingerprint: string }[] }).findings;
    repo.write({
      '.leakgate.yaml': `ignore:\n  - fingerprint: ${finding!.fingerprint}\n    rule: github-pat\n    path: "${COMMIT_MESSAGE_PATH}"\n    reason: revoked test token\n`,
    });
    const ignored = await scanMessage(repo, message, GIVEN);
    expect([ignored.code, ignored.stdout]).toEqual([0, 'leakgate: no secrets found in the commit message.\n']);
    expect((await scanMessage(repo, message, GIVEN, ['--no-config'])).code).toBe(1);
  });

  it('--exit-code sets the code for findings', async () => {
    const repo = await tempRepo();
    expect((await scanMessage(repo, `x ${githubToken(93)}\n`, GIVEN, ['--exit-code', '7', '--quiet'])).code).toBe(7);
  });

  it('a message file that cannot be read is a usage error that blocks the commit, never a pass', async () => {
    const repo = await tempRepo();
    const missing = await repo.run(['commit-msg', '.git/NO_SUCH_MSG'], GIVEN);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('leakgate: cannot read the commit message file ".git/NO_SUCH_MSG": no such file');
    expect(missing.stderr).toContain('bypass this check once with: git commit --no-verify');

    const directory = await repo.run(['commit-msg', '.git'], GIVEN);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('cannot read the commit message file ".git"');

    const none = await repo.run(['commit-msg'], GIVEN);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("missing required argument 'file'");
  });

  it('a broken config blocks the commit with the bypass, without printing the message', async () => {
    const repo = await tempRepo();
    const token = githubToken(94);
    repo.write({ '.leakgate.yaml': 'allow: [\n' });
    const run = await scanMessage(repo, `deploy ${token}\n`, GIVEN);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.leakgate.yaml');
    expect(run.stderr).toContain('git commit --no-verify');
    expect(run.stdout + run.stderr).not.toContain(token);
  });
});

describe('the commit-msg hook init installs, as git runs it', () => {
  it('scans what git stores: an edited message loses its comments and the -v diff, a -F message keeps its # lines', async () => {
    const repo = await hookedRepo();
    const token = githubToken(95);
    // The file is allowed by path: its token is in the diff `git commit -v` puts below the scissors line.
    await repo.commit({ '.leakgate.yaml': 'allow:\n  paths: ["fixtures/**"]\n' }, 'config');
    await repo.stage({ 'fixtures/token.env': `TOKEN=${token}\n` });
    repo.write({ 'message.txt': `add a fixture\n# pasted by mistake: ${token}\n` });
    // An editor that changes nothing: git strips the comment line, and the -v diff.
    const edited = await runProcess('git', ['commit', '-v', '-e', '-F', 'message.txt'], repo.dir, { GIT_EDITOR: 'true' });
    expect(edited.code, edited.stdout + edited.stderr).toBe(0);
    expect(edited.stdout + edited.stderr).toContain('leakgate: no secrets found in the commit message.');
    expect((await repo.git.raw(['log', '-1', '--format=%B'])).trim()).toBe('add a fixture');

    // Not edited: git keeps the # line, so the hook blocks it.
    await repo.stage({ 'fixtures/other.env': 'NAME=value\n' });
    const given = await runProcess('git', ['commit', '-F', 'message.txt'], repo.dir);
    expect(given.code).toBe(1);
    expect(given.stdout + given.stderr).toContain(`${COMMIT_MESSAGE_PATH}:2:22  GitHub personal access token (classic)`);
    expect(given.stdout + given.stderr).not.toContain(token);
    expect((await repo.git.raw(['log', '-1', '--format=%s'])).trim()).toBe('add a fixture');
  });
});
