/**
 * The review screen in a real terminal: tmux runs `git commit` in a temporary
 * repository with the hook that `leakgate init` installs, keys are typed into the
 * screen, and the test reads the result: the commit, the `.leakgate.yaml` it
 * carries (comments kept, fingerprints only), and a terminal left as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_TEMPLATE } from '../../src/init.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';
import { githubToken, password } from '../helpers/secrets.js';

const tmuxFound = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
const hasTmux = tmuxFound.status === 0;
if (!hasTmux) {
  console.warn(`test/e2e: tmux cannot be found (${tmuxFound.error?.message ?? tmuxFound.stderr}); the terminal tests are skipped. Install tmux (.ci/run does).`);
}

const work = mkdtempSync(join(tmpdir(), 'leakgate-tmux-'));
const socket = join(work, 'tmux.sock');

afterAll(() => {
  spawnSync('tmux', ['-S', socket, 'kill-server']);
  rmSync(work, { recursive: true, force: true });
  removeTempRepos();
});

/** The environment of a developer's shell: not CI, no colour (plain frames to read). */
function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PS1: '$ ', TERM: 'xterm-256color' };
  for (const name of Object.keys(env)) {
    if (name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_') || name === 'LEAKGATE_NO_TUI' || name === 'TMUX') delete env[name];
  }
  return env;
}

function tmux(...args: string[]): string {
  const run = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', env: shellEnv() });
  if (run.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

const screen = (session: string): string => tmux('capture-pane', '-p', '-t', session);

async function waitFor(session: string, predicate: (text: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(session);
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen shows:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Types `keys` (literally), then waits for the screen to show `then`. */
async function type(session: string, keys: string, then: string | RegExp): Promise<string> {
  tmux('send-keys', '-t', session, '-l', keys);
  return waitFor(session, (text) => (typeof then === 'string' ? text.includes(then) : then.test(text)), JSON.stringify(then));
}

function press(session: string, key: string): void {
  tmux('send-keys', '-t', session, key);
}

async function blockedRepo(): Promise<{ repo: TestRepo; findings: { file: string; ruleId: string; fingerprint: string }[] }> {
  const repo = await tempRepo();
  const init = await repo.run(['init']);
  expect(init.code, init.stderr).toBe(0);
  await repo.commit({ '.leakgate.yaml': CONFIG_TEMPLATE, 'README.md': '# app\n' }, 'start');
  await repo.stage({
    'src/client.ts': `// the docs' example token\nexport const token = "${githubToken(41)}";\n`,
    'config/settings.py': `DEBUG = True\ndb_password = "${password(42)}"\n`,
  });
  const report = await repo.run(['staged', '--format', 'json']);
  const findings = (JSON.parse(report.stdout) as { findings: { file: string; ruleId: string; fingerprint: string }[] }).findings;
  expect(findings.map((f) => f.file)).toHaveLength(2);
  return { repo, findings };
}

describe.skipIf(!hasTmux)('review screen on a blocked commit, in a real terminal', () => {
  it('records the decisions in .leakgate.yaml, stages it, lets the commit through, and gives the terminal back', async () => {
    const { repo, findings } = await blockedRepo();
    const session = 'commit';
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', repo.dir, 'bash --norc --noprofile');
    await waitFor(session, (text) => /[$#] *$/m.test(text), 'the shell prompt');
    await type(session, 'stty -g > ../stty-before-$$; git commit -q -m leak; echo "COMMIT_EXIT=$?"', 'COMMIT_EXIT');
    press(session, 'Enter');
    const first = await waitFor(session, (text) => text.includes('leakgate · commit blocked · finding 1 of 2'), 'the review screen');
    expect(first).toContain(`${findings[0]!.file}:`);
    // Within 80x24, with the help on screen and no secret in clear.
    expect(first).toContain('i ignore this secret · p allow a path · r rule off for path · l inline allow');
    expect(first).toContain('s skip, just this once · v reveal secret · u undo · ↑↓ move');
    expect(first).not.toContain(githubToken(41));
    expect(first).not.toContain(password(42));

    // The first finding: allowlisted by fingerprint, with a reason.
    await type(session, 'i', 'Why is this not a secret?');
    await type(session, 'documented example', 'documented example');
    press(session, 'Enter');
    await waitFor(session, (text) => text.includes('finding 2 of 2 · 1 decided'), 'the second finding');
    // The second: its rule turned off for its file, with the glob offered as it is.
    await type(session, 'r', `Turn this rule off for files matching: ${findings[1]!.file}`);
    press(session, 'Enter');
    await waitFor(session, (text) => text.includes('c continue the commit'), 'every finding decided');
    press(session, 'c');
    const after = await waitFor(session, (text) => /COMMIT_EXIT=\d/.test(text), 'the commit to finish');
    expect(after).toContain('COMMIT_EXIT=0');
    expect(after).toContain('leakgate: 2 allowlist entries written to .leakgate.yaml and staged.');

    // The commit carries the config, exactly as written: the template byte for byte, with the entries inserted.
    const date = new Date().toISOString().slice(0, 10);
    const expected = CONFIG_TEMPLATE.replace(
      '  disable: []\n',
      `  disable: []\n  ${findings[1]!.ruleId}:\n    allow:\n      paths:\n        - ${findings[1]!.file}\n`,
    ).replace(
      'ignore: []\n',
      [
        'ignore:',
        `  - fingerprint: ${findings[0]!.fingerprint}`,
        `    rule: ${findings[0]!.ruleId}`,
        `    path: ${findings[0]!.file}`,
        '    reason: documented example',
        '    author: Test User',
        `    date: ${date}`,
        '',
      ].join('\n'),
    );
    expect((await repo.git.raw(['log', '--format=%s'])).trim().split('\n')).toEqual(['leak', 'start']);
    expect(await repo.git.raw(['show', 'HEAD:.leakgate.yaml'])).toBe(expected);
    expect(readFileSync(join(repo.dir, '.leakgate.yaml'), 'utf8')).toBe(expected);
    expect(expected).not.toContain(githubToken(41));
    expect(expected).not.toContain(password(42));
    expect((await repo.git.raw(['status', '--porcelain'])).trim()).toBe('');

    // The terminal is as it was: same modes, back on the main screen, and a shell that answers.
    await type(session, 'clear; stty -g | cmp - ../stty-before-$$ && echo "SAME_MODES"', 'SAME_MODES');
    press(session, 'Enter');
    await waitFor(session, (text) => /^SAME_MODES$/m.test(text), 'the terminal modes compared');
    tmux('kill-session', '-t', session);
  }, 60_000);

  it('aborts the commit and writes nothing', async () => {
    const { repo } = await blockedRepo();
    const session = 'abort';
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', repo.dir, 'bash --norc --noprofile');
    await waitFor(session, (text) => /[$#] *$/m.test(text), 'the shell prompt');
    await type(session, 'git commit -q -m leak; echo "COMMIT_EXIT=$?"', 'COMMIT_EXIT');
    press(session, 'Enter');
    await waitFor(session, (text) => text.includes('leakgate · commit blocked'), 'the review screen');
    await type(session, 'i', 'Why is this not a secret?');
    await type(session, 'half typed', 'half typed');
    // Ctrl-C in the middle of typing: an abort, nothing written.
    press(session, 'C-c');
    const after = await waitFor(session, (text) => /COMMIT_EXIT=\d/.test(text), 'the commit to be refused');
    expect(after).toContain('COMMIT_EXIT=1');
    expect(after).toContain('leakgate: commit aborted; nothing was written.');
    expect((await repo.git.raw(['log', '--format=%s'])).trim()).toBe('start');
    expect(readFileSync(join(repo.dir, '.leakgate.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
    expect((await repo.git.raw(['diff', '--cached', '--name-only'])).trim().split('\n').sort()).toEqual(['config/settings.py', 'src/client.ts']);
    await type(session, 'echo "STILL_$((20+22))"', 'STILL_');
    press(session, 'Enter');
    await waitFor(session, (text) => text.includes('STILL_42'), 'the shell to answer');
    tmux('kill-session', '-t', session);
  }, 60_000);
});

/**
 * Every way of making a commit: the hook runs on `.git/index` (`git commit`), on
 * `.git/index.lock` (`-a`, `--include`) or on a temporary index (`git commit
 * <path>`, `--only`). However it runs, the entry written on the review screen is
 * in the commit and in the repository's index, so the next commit keeps it.
 */
const COMMIT_FORMS = [
  { name: 'git commit', command: 'git commit -q -m leak', staged: true },
  { name: 'git commit <path>', command: 'git commit -q -m leak src/client.ts', staged: false },
  { name: 'git commit -a', command: 'git commit -q -a -m leak', staged: false },
  { name: 'git commit --only <path>', command: 'git commit -q -m leak --only src/client.ts', staged: false },
  { name: 'git commit --include <path>', command: 'git commit -q -m leak --include src/client.ts', staged: false },
] as const;

/** Runs `command` in a terminal, allowlists its one finding on the review screen, and returns the screen after. */
async function commitIgnoringTheFinding(repo: TestRepo, session: string, command: string): Promise<string> {
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', repo.dir, 'bash --norc --noprofile');
  await waitFor(session, (text) => /[$#] *$/m.test(text), 'the shell prompt');
  await type(session, `${command}; echo "COMMIT_EXIT=$?"`, 'COMMIT_EXIT');
  press(session, 'Enter');
  await waitFor(session, (text) => text.includes('leakgate · commit blocked · finding 1 of 1'), 'the review screen');
  await type(session, 'i', 'Why is this not a secret?');
  await type(session, 'documented example', 'documented example');
  press(session, 'Enter');
  await waitFor(session, (text) => text.includes('c continue the commit'), 'the finding decided');
  press(session, 'c');
  const after = await waitFor(session, (text) => /COMMIT_EXIT=\d/.test(text), 'the commit to finish');
  tmux('kill-session', '-t', session);
  return after;
}

describe.skipIf(!hasTmux)('a decision on the review screen persists in every commit form', () => {
  it.each(COMMIT_FORMS)('$name', async ({ name, command, staged }) => {
    const repo = await tempRepo();
    const init = await repo.run(['init']);
    expect(init.code, init.stderr).toBe(0);
    await repo.commit({ '.leakgate.yaml': CONFIG_TEMPLATE, 'src/client.ts': '// the client\n', 'notes.txt': 'first\n' }, 'start');
    // A change staged beside the one committed: only `--include` and plain commits take it.
    await repo.stage({ 'notes.txt': 'second\n' });
    const token = githubToken(43);
    const leak = `// the client\nexport const token = "${token}";\n`;
    if (staged) await repo.stage({ 'src/client.ts': leak });
    else repo.write({ 'src/client.ts': leak });

    expect(await commitIgnoringTheFinding(repo, `form-${COMMIT_FORMS.findIndex((form) => form.name === name)}`, command)).toContain('COMMIT_EXIT=0');

    const committed = await repo.git.raw(['show', 'HEAD:.leakgate.yaml']);
    const fingerprint = /fingerprint: (lg2:\S+)/.exec(committed)?.[1];
    expect(fingerprint, committed).toBeDefined();
    expect(committed).toContain('    reason: documented example\n');
    expect(committed).not.toContain(token);
    // The repository's index holds what was committed, and so does the work tree.
    expect((await repo.git.raw(['ls-files', '-s', '.leakgate.yaml'])).split(/\s/)[1]).toBe((await repo.git.raw(['rev-parse', 'HEAD:.leakgate.yaml'])).trim());
    expect(readFileSync(join(repo.dir, '.leakgate.yaml'), 'utf8')).toBe(committed);
    const takesStaged = name === 'git commit' || name === 'git commit -a' || name.includes('--include');
    expect((await repo.git.raw(['status', '--porcelain'])).split('\n').filter(Boolean)).toEqual(takesStaged ? [] : ['M  notes.txt']);

    // The next ordinary commit keeps the entry.
    await repo.stage({ 'notes.txt': 'third\n' });
    await repo.git.raw(['commit', '-q', '--no-verify', '-m', 'next']);
    expect(await repo.git.raw(['show', 'HEAD:.leakgate.yaml'])).toBe(committed);
  }, 60_000);
});

describe.skipIf(!hasTmux)('git commit <path> with a change to .leakgate.yaml staged apart', () => {
  it('commits the entry on the committed config, and adds it to the staged change, which stays staged', async () => {
    const repo = await tempRepo();
    expect((await repo.run(['init'])).code).toBe(0);
    await repo.commit({ '.leakgate.yaml': CONFIG_TEMPLATE, 'src/client.ts': '// the client\n' }, 'start');
    // A change the YAML writer keeps byte for byte (a comment at the top).
    const stagedConfig = `# Reviewed with the security team.\n${CONFIG_TEMPLATE}`;
    await repo.stage({ '.leakgate.yaml': stagedConfig });
    repo.write({ 'src/client.ts': `// the client\nexport const token = "${githubToken(44)}";\n` });
    expect(await commitIgnoringTheFinding(repo, 'apart', 'git commit -q -m leak src/client.ts')).toContain('COMMIT_EXIT=0');

    const committed = await repo.git.raw(['show', 'HEAD:.leakgate.yaml']);
    // From `ignore:` to the template's commented example that follows the entries.
    const start = committed.indexOf('ignore:\n');
    const comment = committed.indexOf('\n#', start);
    const entry = committed.slice(start, comment < 0 ? undefined : comment + 1);
    expect(entry).toContain('    reason: documented example\n');
    expect(committed).toBe(CONFIG_TEMPLATE.replace('ignore: []\n', entry));
    const indexed = await repo.git.raw(['show', ':.leakgate.yaml']);
    expect(indexed).toBe(stagedConfig.replace('ignore: []\n', entry));
    expect((await repo.git.raw(['status', '--porcelain'])).split('\n').filter(Boolean)).toEqual(['M  .leakgate.yaml']);
  }, 60_000);
});
