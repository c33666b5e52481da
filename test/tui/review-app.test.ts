/**
 * The review screen, driven by keys as a user would, reading the frames it draws.
 * Each key waits for the frame it should bring (or for the outcome handed to
 * `onDone`), never for a length of time. Every action's logic is tested on the
 * reducer (review-state.test.ts); here: what is drawn, that it fits, and that the
 * keys reach the reducer and the outcome reaches the caller.
 */
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearView } from '../../src/findings/vault.js';
import { KEY_SEPARATOR } from '../../src/tui/key-help.js';
import { shortenPath } from '../../src/tui/labels.js';
import { ReviewApp } from '../../src/tui/review-app.js';
import type { Outcome, ReviewItem } from '../../src/tui/review-state.js';
import type { Finding } from '../../src/types.js';
import { renderScreen, type Screen } from '../helpers/screen.js';
import { reviewFinding } from '../helpers/review-items.js';

const mounted: Screen[] = [];
afterEach(() => {
  for (const screen of mounted.splice(0)) screen.unmount();
});

// Made at run time; a test value, not a credential.
const CLEAR = ['Qz8r', 'Tk2L', 'mW9x', 'Vb4N'].join('');

function item(over: Partial<Finding>, clear?: ClearView): ReviewItem {
  const finding = reviewFinding(over);
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
  let onDone: (outcome: Outcome) => void = () => {};
  const done = new Promise<Outcome>((resolve) => (onDone = resolve));
  const drawn = await renderScreen(createElement(ReviewApp, { items, ...size, color, title: 'commit blocked', onDone }), size);
  mounted.push(drawn);
  return { ...drawn, done };
}

const KEY_LABELS = ['i ignore this secret', 'p allow a path', 'r rule off for path', 'l inline allow', 's skip, just this once', 'v reveal secret', 'u undo', '↑↓ move'];

/** Every character the screen draws takes one column, so a line's width is its count of code points. */
const columns = (line: string): number => [...line].length;

function expectFits(frame: string, size: { columns: number; rows: number }): void {
  const lines = frame.replace(/\n$/, '').split('\n');
  // One row stays free: a frame as tall as the terminal makes Ink clear the screen on every redraw.
  expect(lines.length, frame).toBeLessThanOrEqual(size.rows - 1);
  for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(size.columns);
}

const deepItem = (name: string, index: number): ReviewItem =>
  item({ file: `services/payments/internal/adapters/providers/stripe/config/${name}`, line: 10 + index, ruleId: 'stripe-secret-key', fingerprint: `lg1:${String(index).repeat(32)}` });

describe('review screen at 80x24', () => {
  const size = { columns: 80, rows: 24 };

  it('shows the finding, its context masked, and every key, each label apart from the next', async () => {
    const { frame } = await screen([appItem, testItem], size);
    const text = frame();
    expect(text).toContain('leakgate · commit blocked · finding 1 of 2 · 0 decided');
    expect(text).toContain('src/app.ts:3:29  Password assigned to `db_password` [high]');
    expect(text).toContain('rule generic-password · confidence medium');
    expect(text).toContain('> 3 │ export const db_password = "Qz…4N";');
    expect(text).toContain('  2 │ // config');
    expect(text).toContain('a abort the commit');
    expect(text).not.toContain(CLEAR);
    expectFits(text, size);
    // The key lines hold the labels whole, separated, each once, in order.
    const keyLines = text.split('\n').filter((line) => line.startsWith('i ignore') || line.startsWith('s skip'));
    expect(keyLines).toHaveLength(2);
    expect(keyLines.flatMap((line) => line.split(KEY_SEPARATOR))).toEqual(KEY_LABELS);
  });

  it('fits in every mode, with a decoded finding, a revealed secret, and many long paths', async () => {
    const many = ['database.yaml', 'secrets.yaml', 'stripe.env', 'webhook-signing.json', 'a-very-long-file-name-for-the-settings-of-production.yaml', 'keys.ts'].map(deepItem);
    const { press, frame } = await screen([appItem, jsonItem, ...many], size);
    expectFits(frame(), size);
    expectFits(await press('v', `secret   ${CLEAR}`), size);
    expectFits(await press('i', 'Why is this not a secret?'), size);
    expectFits(await press('x'.repeat(120), 'xxxxxxxx'), size);
    expectFits(await press(ESC, 'Cancelled.'), size);
    expectFits(await press('l', 'Add the marker?'), size);
    expectFits(await press('n', 'No marker added.'), size);
    expectFits(await press(DOWN, 'decoded  k8s-secret-data:GITHUB_TOKEN → base64'), size);
    expectFits(await press('a', 'Abort the commit?'), size);
    expectFits(await press('n', 'i ignore this secret'), size);
    for (let i = 0; i < many.length; i++) expectFits(await press(DOWN, `finding ${i + 3} of ${many.length + 2}`), size);
  });

  it('shortens long paths in the middle, keeping the file name, so the rows tell the files apart', async () => {
    const names = ['database.yaml', 'secrets.yaml', 'stripe.env'];
    const { frame } = await screen(names.map(deepItem), size);
    const rows = frame().split('\n').filter((line) => /^[▶ ] [·✔] /.test(line));
    expect(rows).toHaveLength(3);
    for (const [index, name] of names.entries()) {
      expect(rows[index]).toMatch(new RegExp(`^[▶ ] · services/payments/internal/.*…/${name.replace('.', '\\.')}:${10 + index}  stripe-secret-key$`));
    }
    // The detail's first line: the path gives way so that the title and the severity fit.
    const rest = ':10:29  Password assigned to `db_password` [high]';
    expect(frame().split('\n')).toContain(`${shortenPath(deepItem(names[0]!, 0).finding.file, 80 - rest.length)}${rest}`);
  });
});

describe('shortenPath', () => {
  it('keeps short paths, and the start and the file name of long ones', () => {
    expect(shortenPath('src/app.ts', 10)).toBe('src/app.ts');
    expect(shortenPath('services/payments/config/database.yaml', 30)).toBe('services/paymen…/database.yaml');
    expect(columns(shortenPath('services/payments/config/database.yaml', 30))).toBe(30);
    expect(shortenPath('config/a-file-name-longer-than-the-room.yaml', 20)).toBe('…-than-the-room.yaml');
    expect(shortenPath('a-file-name-longer-than-the-room.yaml', 20)).toBe('…-than-the-room.yaml');
  });
});

describe('review screen', () => {
  it('uses the room of a wide terminal, and draws no colour when colour is off', async () => {
    const wide = await screen([appItem, testItem, siblingItem, jsonItem], { columns: 160, rows: 50 });
    const lines = wide.frame().split('\n');
    expect(Math.max(...lines.map(columns))).toBeGreaterThan(80);
    expect(lines.filter((line) => /^\s*[▶ ] [·✔] /.test(line))).toHaveLength(4);
    // All the keys on one line.
    expect(lines.filter((line) => line.startsWith('i ignore'))[0]!.split(KEY_SEPARATOR)).toEqual(KEY_LABELS);
    expect(wide.frame()).not.toContain(`${ESC}[3`);
  });

  it('reveals the secret on v only, and hides it again on v or on moving', async () => {
    const { press } = await screen([appItem, testItem]);
    const shown = await press('v', 'shown on this terminal only');
    expect(shown).toContain(`> 3 │ export const db_password = "${CLEAR}";`);
    expect(shown).toContain(`secret   ${CLEAR}   (shown on this terminal only; v hides it)`);
    expect(await press('v', '(v reveals it)')).not.toContain(CLEAR);
    await press('v', CLEAR);
    expect(await press(DOWN, 'finding 2 of 2')).not.toContain(CLEAR);
  });

  it('hands every decision to onDone when the user continues', async () => {
    const { press, type, done } = await screen([appItem, testItem, jsonItem]);
    await press('i', 'Why is this not a secret?');
    await press('test fixtuer', 'test fixtuer');
    await press(BACKSPACE, (frame) => frame.includes('test fixtue') && !frame.includes('fixtuer'));
    await press(BACKSPACE, (frame) => frame.includes('test fixtu') && !frame.includes('fixtue'));
    await press('re\r', 'finding 2 of 3 · 1 decided');
    await press('r', 'Turn this rule off for files matching: test/fixtures/keys.ts');
    await press('\r', 'finding 3 of 3 · 2 decided');
    await press('s', 'c continue the commit');
    type('c');
    const outcome = await done;
    expect(outcome.action === 'continue' ? Object.fromEntries(outcome.decisions) : outcome).toEqual({
      0: { kind: 'ignore', reason: 'test fixture' },
      1: { kind: 'rule-path', glob: 'test/fixtures/keys.ts' },
      2: { kind: 'skip' },
    });
  });

  it('hands an abort to onDone after the confirmation, and at once on Ctrl-C', async () => {
    const first = await screen([appItem]);
    await first.press('q', 'Abort the commit? Nothing is written. y yes · n no');
    first.type('y');
    expect(await first.done).toEqual({ action: 'abort' });

    const second = await screen([appItem]);
    await second.press('i', 'Why is this not a secret?');
    await second.press('abc', 'abc');
    second.type('\u0003');
    expect(await second.done).toEqual({ action: 'abort' });
  });
});
