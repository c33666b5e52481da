/**
 * The review screen, driven by keys as a user would, reading the frames it draws.
 * Every action is exercised; the outcome handed to `onDone` is what gets written.
 */
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { ClearView } from '../../src/findings/vault.js';
import { ReviewApp } from '../../src/tui/review-app.js';
import type { Outcome, ReviewItem } from '../../src/tui/review-state.js';
import type { Finding } from '../../src/types.js';

afterEach(cleanup);

// Made at run time; a test value, not a credential.
const CLEAR = ['Qz8r', 'Tk2L', 'mW9x', 'Vb4N'].join('');

function item(over: Partial<Finding>, clear?: ClearView): ReviewItem {
  const finding: Finding = {
    ruleId: 'generic-password',
    title: 'Password assigned to `db_password`',
    severity: 'high',
    confidence: 'medium',
    file: 'src/app.ts',
    line: 3,
    column: 29,
    endLine: 3,
    endColumn: 45,
    secret: 'Qz…4N',
    context: 'export const db_password = "Qz…4N";',
    fingerprint: 'lg1:06baa373e7ead6662b1cc305eac190dd',
    ...over,
  };
  return clear ? { finding, clear } : { finding };
}

const appItem = item(
  {},
  {
    secret: CLEAR,
    lines: [
      { line: 1, masked: 'const a = 1;', revealed: 'const a = 1;', hit: false },
      { line: 2, masked: '// config', revealed: '// config', hit: false },
      { line: 3, masked: 'export const db_password = "Qz…4N";', revealed: `export const db_password = "${CLEAR}";`, hit: true },
      { line: 4, masked: 'const b = 2;', revealed: 'const b = 2;', hit: false },
    ],
  },
);
const testItem = item({ file: 'test/fixtures/keys.ts', line: 7, ruleId: 'github-pat', title: 'GitHub token', fingerprint: 'lg1:11111111111111111111111111111111' });
const siblingItem = item({ file: 'test/fixtures/more.ts', line: 2, ruleId: 'aws-access-key-id', fingerprint: 'lg1:22222222222222222222222222222222' });
const jsonItem = item({
  file: 'k8s/secret.json',
  line: 9,
  ruleId: 'github-pat',
  decoded: ['k8s-secret-data:GITHUB_TOKEN', 'base64'],
  fingerprint: 'lg1:33333333333333333333333333333333',
});

const ESC = '\u001B';
const DOWN = '\u001B[B';
const BACKSPACE = '\u007F';

async function screen(items: readonly ReviewItem[], size = { columns: 80, rows: 24 }, color = false) {
  const onDone = vi.fn<(outcome: Outcome) => void>();
  const app = render(createElement(ReviewApp, { items, ...size, color, title: 'commit blocked', onDone }));
  await tick();
  const press = async (...keys: string[]): Promise<string> => {
    for (const key of keys) {
      app.stdin.write(key);
      await tick();
    }
    return app.lastFrame() ?? '';
  };
  return { app, onDone, press, frame: () => app.lastFrame() ?? '' };
}

/** Lets React and Ink's input handling settle (Ink waits briefly to tell Esc from an escape sequence). */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

function decisionsOf(onDone: ReturnType<typeof vi.fn>): unknown {
  const outcome = onDone.mock.calls.at(-1)?.[0] as Outcome;
  return outcome.action === 'continue' ? Object.fromEntries(outcome.decisions) : outcome;
}

describe('review screen', () => {
  it('shows the finding, its context masked, and the keys, within 80x24', async () => {
    const { frame } = await screen([appItem, testItem]);
    const text = frame();
    expect(text).toContain('leakgate · commit blocked · finding 1 of 2 · 0 decided');
    expect(text).toContain('src/app.ts:3:29  Password assigned to `db_password` [high]');
    expect(text).toContain('rule generic-password · confidence medium');
    expect(text).toContain('> 3 │ export const db_password = "Qz…4N";');
    expect(text).toContain('  2 │ // config');
    expect(text).toContain('i ignore this secret');
    expect(text).toContain('a abort the commit');
    expect(text).not.toContain(CLEAR);
    const lines = text.split('\n');
    expect(lines.length).toBeLessThan(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('uses the room of a wide terminal, and draws no colour when colour is off', async () => {
    const wide = await screen([appItem, testItem, siblingItem, jsonItem], { columns: 160, rows: 50 });
    const lines = wide.frame().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeGreaterThan(80);
    expect(lines.filter((line) => /^\s*[▶ ] [·✔] /.test(line))).toHaveLength(4);
    expect(wide.frame()).not.toContain(`${ESC}[3`);
  });

  it('shows the decoding path of a decoded finding', async () => {
    const { frame } = await screen([jsonItem]);
    expect(frame()).toContain('decoded  k8s-secret-data:GITHUB_TOKEN → base64');
  });

  it('reveals the secret on v only, and hides it again on v or on moving', async () => {
    const { press } = await screen([appItem, testItem]);
    const shown = await press('v');
    expect(shown).toContain(`> 3 │ export const db_password = "${CLEAR}";`);
    expect(shown).toContain(`secret   ${CLEAR}   (shown on this terminal only; v hides it)`);
    expect(await press('v')).not.toContain(CLEAR);
    await press('v');
    expect(await press(DOWN)).not.toContain(CLEAR);
  });

  it('allowlists a secret by fingerprint with a reason typed in, refusing an empty one', async () => {
    const { press, onDone } = await screen([appItem, testItem]);
    expect(await press('i')).toContain('Why is this not a secret?');
    expect(await press('\r')).toContain('Type why this is not a secret');
    await press('test fixtuer', BACKSPACE, BACKSPACE, 're');
    const next = await press('\r');
    expect(next).toContain('finding 2 of 2 · 1 decided');
    expect(next).toContain('✔ src/app.ts:3');
    await press('s');
    await press('c');
    expect(decisionsOf(onDone)).toEqual({ 0: { kind: 'ignore', reason: 'test fixture' }, 1: { kind: 'skip' } });
  });

  it('submits a reason pasted together with its line break', async () => {
    const { press, onDone } = await screen([appItem, testItem]);
    await press('i');
    const next = await press('copied from the docs\r');
    expect(next).toContain('finding 2 of 2 · 1 decided');
    await press('s');
    await press('c');
    expect(decisionsOf(onDone)).toEqual({ 0: { kind: 'ignore', reason: 'copied from the docs' }, 1: { kind: 'skip' } });
  });

  it('allowlists a path with the glob offered, edited, validated, and settling the findings it covers', async () => {
    const { press, onDone } = await screen([testItem, siblingItem, appItem]);
    const prompt = await press('p');
    expect(prompt).toContain('Do not scan files matching: test/**');
    // A glob that misses the file, then an invalid one, then the right one.
    await press(...Array(7).fill(BACKSPACE), 'lib/**');
    expect(await press('\r')).toContain('The glob does not match test/fixtures/keys.ts.');
    await press(...Array(6).fill(BACKSPACE), 'test/{a');
    expect(await press('\r')).toContain('Not a valid glob: a { has no matching }');
    await press('\u0015', 'test/fixtures/**');
    const after = await press('\r');
    // The sibling in the same directory is covered too: on to the third finding.
    expect(after).toContain('finding 3 of 3 · 2 decided');
    expect(await press(DOWN)).toContain('decided  files matching test/fixtures/** are not scanned');
    await press(DOWN, DOWN, 's', 'c');
    expect(decisionsOf(onDone)).toEqual({ 0: { kind: 'allow-path', glob: 'test/fixtures/**' }, 2: { kind: 'skip' } });
  });

  it('turns a rule off for a path, covering that rule only', async () => {
    const sameRule = item({ ...testItem.finding, line: 30, fingerprint: 'lg1:44444444444444444444444444444444' });
    const { press, onDone } = await screen([testItem, siblingItem, sameRule]);
    expect(await press('r')).toContain('Turn this rule off for files matching: test/fixtures/keys.ts');
    const after = await press('\r');
    expect(after).toContain('finding 2 of 3 · 2 decided');
    await press('s', 'c');
    expect(decisionsOf(onDone)).toEqual({ 0: { kind: 'rule-path', glob: 'test/fixtures/keys.ts' }, 1: { kind: 'skip' } });
  });

  it('adds an inline marker after showing the line it makes, and offers none for JSON', async () => {
    const { press, onDone } = await screen([appItem, jsonItem]);
    const preview = await press('l');
    expect(preview).toContain('export const db_password = "Qz…4N"; // leakgate:allow');
    expect(preview).not.toContain(CLEAR);
    expect(await press('n')).toContain('No marker added.');
    await press('l', 'y');
    expect(await press('l')).toContain('A .json file takes no comment: choose another action.');
    await press('s', 'c');
    expect(decisionsOf(onDone)).toEqual({ 0: { kind: 'inline' }, 1: { kind: 'skip' } });
  });

  it('skips, undoes, and continues only once every finding is decided', async () => {
    const { press, onDone } = await screen([appItem, testItem]);
    await press('s');
    expect(await press('c')).toContain('1 finding still undecided: decide each, or abort.');
    expect(onDone).not.toHaveBeenCalled();
    await press(DOWN);
    expect(await press('u')).toContain('Decision undone.');
    expect(await press('u')).toContain('Nothing to undo for this finding.');
    await press('s', 's');
    expect(await press('x')).toContain('c continue the commit');
    await press('c');
    expect(decisionsOf(onDone)).toEqual({ 0: { kind: 'skip' }, 1: { kind: 'skip' } });
  });

  it('aborts the commit after confirming, or at once on Ctrl-C; Esc cancels a prompt', async () => {
    const first = await screen([appItem]);
    expect(await first.press('a')).toContain('Abort the commit? Nothing is written. y yes · n no');
    expect(await first.press('n')).toContain('i ignore this secret');
    await first.press('i', 'half typed');
    expect(await first.press(ESC)).toContain('Cancelled.');
    await first.press('q', 'y');
    expect(first.onDone).toHaveBeenLastCalledWith({ action: 'abort' });

    const second = await screen([appItem]);
    await second.press('i', 'abc', '\u0003');
    expect(second.onDone).toHaveBeenLastCalledWith({ action: 'abort' });
  });
});
