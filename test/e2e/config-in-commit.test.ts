/**
 * A change that edits `.leakgate.yaml` is scanned with the config it brings: a
 * commit (or a pull request) that adds `allow.paths: ["**"]` beside a secret goes
 * through clean. The scan cannot tell a legitimate allowlist entry from a
 * self-serving one, so it says, every time, that the change edits its own config:
 * through the hook `leakgate init` installs, and in `history` (text and SARIF).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { hookedRepo, removeTempRepos, runProcess } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

afterAll(() => removeTempRepos());

const NOTE = 'changes the config it is scanned with';
const SELF_ALLOWING = 'allow:\n  paths: ["**"]\n';

describe('a change that edits its own config', () => {
  it('is committed through the hook with a note naming the config, the secret never in clear', async () => {
    const repo = await hookedRepo();
    const secret = githubToken(41);
    await repo.stage({ 'app.env': `TOKEN=${secret}\n`, '.leakgate.yaml': SELF_ALLOWING });
    const commit = await runProcess('git', ['commit', '-m', 'add'], repo.dir, { LEAKGATE_NO_TUI: '1' });
    const output = commit.stdout + commit.stderr;
    expect(commit.code, output).toBe(0);
    expect(output).toContain(`.leakgate.yaml: the commit ${NOTE}`);
    expect(output).not.toContain(secret);

    const history = await repo.run(['history', 'HEAD~1..HEAD']);
    expect(history.code, history.stderr).toBe(0);
    const head = (await repo.git.revparse(['HEAD'])).trim().slice(0, 12);
    expect(history.stdout).toContain(`.leakgate.yaml: commit ${head} ${NOTE}`);
    const sarif = await repo.run(['history', 'HEAD~1..HEAD', '--format', 'sarif']);
    const notifications = (JSON.parse(sarif.stdout) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] }).runs[0]!
      .invocations[0]!.toolExecutionNotifications;
    expect(notifications.filter((n) => n.message.text.includes(NOTE))).toHaveLength(1);
    // Without the config the secret is what it is.
    const plain = await repo.run(['history', 'HEAD~1..HEAD', '--no-config', '--format', 'json']);
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain(secret);
  });

  it('says nothing when the change leaves the config alone, or when the scan runs with another config', async () => {
    const repo = await hookedRepo();
    await repo.stage({ 'notes.txt': 'nothing here\n' });
    const commit = await runProcess('git', ['commit', '-m', 'notes'], repo.dir, { LEAKGATE_NO_TUI: '1' });
    expect(commit.code, commit.stderr).toBe(0);
    expect(commit.stdout + commit.stderr).not.toContain(NOTE);
    // A config that allows nothing (sections, empty lists and comments, as `init` writes it).
    await repo.stage({ '.leakgate.yaml': '# team config\nallow:\n  paths: []\n  #  - "test/**"\nignore: []\n' });
    expect((await repo.run(['staged'])).stdout).not.toContain(NOTE);
    await repo.stage({ '.leakgate.yaml': SELF_ALLOWING });
    const explicit = await repo.run(['staged', '--config', '.leakgate.yaml']);
    expect(explicit.code).toBe(0);
    expect(explicit.stdout).not.toContain(NOTE);
    const implicit = await repo.run(['staged']);
    expect(implicit.stdout).toContain(`.leakgate.yaml: the commit ${NOTE}`);
  });

  it('a config edit left unstaged allows through the hook with a note, the commit not recording it', async () => {
    const repo = await hookedRepo();
    await repo.commit({ '.leakgate.yaml': '# leakgate\n' }, 'config');
    const secret = githubToken(43);
    repo.write({ '.leakgate.yaml': SELF_ALLOWING });
    await repo.stage({ 'app.env': `TOKEN=${secret}\n` });
    const commit = await runProcess('git', ['commit', '-m', 'add'], repo.dir, { LEAKGATE_NO_TUI: '1' });
    const output = commit.stdout + commit.stderr;
    expect(commit.code, output).toBe(0);
    expect(output).toContain(".leakgate.yaml: has changes that are not staged: the scan used the work tree's copy");
    expect(output).not.toContain(secret);
    expect((await repo.git.raw(['show', 'HEAD:.leakgate.yaml']))).toBe('# leakgate\n');
    // Once staged, the note is the one for a commit that edits its config.
    await repo.stage({ '.leakgate.yaml': SELF_ALLOWING, 'more.env': `TOKEN=${githubToken(44)}\n` });
    const staged = await repo.run(['staged']);
    expect(staged.stdout).not.toContain('not staged');
    expect(staged.stdout).toContain(`.leakgate.yaml: the commit ${NOTE}`);
  });

  it('a token pasted as a config key blocks the commit with an error that names its line, not the token', async () => {
    const repo = await hookedRepo();
    const secret = githubToken(46);
    await repo.stage({ '.leakgate.yaml': `rules:\n  ${secret}: {}\nallow:\n  paths: []\n`, 'notes.txt': 'nothing\n' });
    const commit = await runProcess('git', ['commit', '-m', 'add'], repo.dir, { LEAKGATE_NO_TUI: '1' });
    const output = commit.stdout + commit.stderr;
    expect(commit.code, output).not.toBe(0);
    expect(output).toContain('leakgate: .leakgate.yaml:2: rules.<key>: unknown key');
    expect(output).not.toContain(secret);
  });
});
