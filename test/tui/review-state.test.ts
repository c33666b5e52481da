/**
 * The review screen's reducer, key by key, without a terminal: every action, its
 * validation, and what it settles. The screen itself is tested in review-app.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { initialState, reduce, settledBy, undecided, type KeyPress, type ReviewItem, type ReviewState } from '../../src/tui/review-state.js';
import type { Finding } from '../../src/types.js';
import { reviewFinding } from '../helpers/review-items.js';

function item(over: Partial<Finding>, withClear = false): ReviewItem {
  const finding = reviewFinding(over);
  if (!withClear) return { finding };
  const clear = ['Qz8r', 'Tk2L', 'mW9x', 'Vb4N'].join('');
  return {
    finding,
    clear: { secret: clear, lines: [{ line: 3, masked: finding.context, revealed: `export const db_password = "${clear}";`, hit: true }] },
  };
}

const app = item({}, true);
const fixture = item({ file: 'test/fixtures/keys.ts', line: 7, ruleId: 'github-pat', fingerprint: 'lg1:11111111111111111111111111111111' });
const sibling = item({ file: 'test/fixtures/more.ts', line: 2, ruleId: 'aws-access-key-id', fingerprint: 'lg1:22222222222222222222222222222222' });
const json = item({ file: 'k8s/secret.json', line: 9, ruleId: 'github-pat', fingerprint: 'lg1:33333333333333333333333333333333' });

/** Keys as Ink reports them: a string is typed text, an object a special key. */
type Key = string | { readonly key: KeyPress; readonly input?: string };
const UP: Key = { key: { upArrow: true } };
const DOWN: Key = { key: { downArrow: true } };
const TAB: Key = { key: { tab: true } };
const ENTER: Key = { key: { return: true } };
const ESC: Key = { key: { escape: true } };
const BACKSPACE: Key = { key: { backspace: true } };
const CTRL_C: Key = { key: { ctrl: true }, input: 'c' };
const CTRL_U: Key = { key: { ctrl: true }, input: 'u' };

function keys(state: ReviewState, ...pressed: Key[]): ReviewState {
  return pressed.reduce((current, key) => (typeof key === 'string' ? reduce(current, key, {}) : reduce(current, key.input ?? '', key.key)), state);
}

const start = (...items: ReviewItem[]): ReviewState => initialState(items);

describe('moving and revealing', () => {
  it('moves with arrows, j/k and Tab, wrapping around', () => {
    const state = start(app, fixture, sibling);
    expect(keys(state, DOWN).cursor).toBe(1);
    expect(keys(state, 'j', TAB).cursor).toBe(2);
    expect(keys(state, UP).cursor).toBe(2);
    expect(keys(state, 'k', 'k').cursor).toBe(1);
  });

  it('reveals the clear secret on v, hides it on v or on moving, and says when none was kept', () => {
    const state = start(app, fixture);
    expect(keys(state, 'v').revealed).toBe(true);
    expect(keys(state, 'v', 'v').revealed).toBe(false);
    expect(keys(state, 'v', DOWN).revealed).toBe(false);
    const none = keys(state, DOWN, 'v');
    expect(none.revealed).toBe(false);
    expect(none.message).toBe('No clear text kept for this finding.');
  });

  it('clears the message on the next key, and changes nothing else on a key it has no use for', () => {
    const state = keys(start(app), 'u');
    expect(state.message).toBe('Nothing to undo for this finding.');
    const { message: _message, ...rest } = state;
    expect(keys(state, 'x')).toEqual({ ...rest, message: undefined });
    expect(keys(state, DOWN).message).toBeUndefined();
  });
});

describe('decisions', () => {
  it('ignore: asks a reason, refuses an empty one, edits it, and moves on to the next undecided', () => {
    let state = keys(start(app, fixture), 'i');
    expect(state.mode).toEqual({ name: 'input', purpose: 'ignore', value: '' });
    state = keys(state, ENTER);
    expect(state.mode).toMatchObject({ name: 'input', error: 'Type why this is not a secret: the maintainers will read it.' });
    state = keys(state, 'test fixtuer', BACKSPACE, BACKSPACE, 're', ENTER);
    expect(state.decisions.get(0)).toEqual({ kind: 'ignore', reason: 'test fixture' });
    expect(state.mode).toEqual({ name: 'browse' });
    expect(state.cursor).toBe(1);
  });

  it('a reason pasted with its line break is typed, then submitted; control keys type nothing', () => {
    const state = keys(start(app, fixture), 'i', { key: { upArrow: true } }, { key: { meta: true }, input: 'x' }, 'copied from the docs\r');
    expect(state.decisions.get(0)).toEqual({ kind: 'ignore', reason: 'copied from the docs' });
    expect(keys(start(app), 'i', 'abc', CTRL_U).mode).toEqual({ name: 'input', purpose: 'ignore', value: '' });
  });

  it('allow a path: offers a glob, refuses one that misses the file or is invalid, and settles what it covers', () => {
    let state = keys(start(fixture, sibling, app), 'p');
    expect(state.mode).toEqual({ name: 'input', purpose: 'allow-path', value: 'test/**' });
    state = keys(state, CTRL_U, 'lib/**', ENTER);
    expect(state.mode).toMatchObject({ error: 'The glob does not match test/fixtures/keys.ts.' });
    state = keys(state, CTRL_U, 'test/{a', ENTER);
    expect(state.mode).toMatchObject({ error: 'Not a valid glob: a { has no matching }.' });
    state = keys(state, CTRL_U, 'test/fixtures/**', ENTER);
    expect(state.decisions).toEqual(new Map([[0, { kind: 'allow-path', glob: 'test/fixtures/**' }]]));
    expect(settledBy(state, 1)).toBe(0);
    expect(settledBy(state, 2)).toBeUndefined();
    expect(state.cursor).toBe(2);
    expect(undecided(state)).toBe(1);
  });

  it('rule off for a path: covers that rule on matching files only', () => {
    const sameRule = item({ ...fixture.finding, line: 30, fingerprint: 'lg1:44444444444444444444444444444444' });
    const state = keys(start(fixture, sibling, sameRule), 'r');
    expect(state.mode).toEqual({ name: 'input', purpose: 'rule-path', value: 'test/fixtures/keys.ts' });
    const decided = keys(state, ENTER);
    expect(settledBy(decided, 2)).toBe(0);
    expect(settledBy(decided, 1)).toBeUndefined();
    expect(decided.cursor).toBe(1);
  });

  it('ignore covers the same secret elsewhere (same fingerprint)', () => {
    const again = item({ ...app.finding, line: 40 });
    const state = keys(start(app, fixture, again), 'i', 'documented\r');
    expect(settledBy(state, 2)).toBe(0);
    expect(state.cursor).toBe(1);
  });

  it('inline: shows the line it makes (masked), adds on y or Enter, cancels on n or Esc, and refuses a JSON file', () => {
    let state = keys(start(app, json), 'l');
    expect(state.mode).toEqual({ name: 'confirm-inline', preview: 'export const db_password = "Qz…4N"; // leakgate:allow' });
    expect(keys(state, 'n')).toMatchObject({ mode: { name: 'browse' }, message: 'No marker added.' });
    expect(keys(state, ESC).mode).toEqual({ name: 'browse' });
    expect(keys(state, 'x')).toBe(state);
    state = keys(state, ENTER);
    expect(state.decisions.get(0)).toEqual({ kind: 'inline' });
    expect(state.cursor).toBe(1);
    const refused = keys(state, 'l');
    expect(refused.mode).toEqual({ name: 'browse' });
    expect(refused.message).toBe('A .json file takes no comment: choose another action.');
  });

  it("inline: refuses a secret in a file's name, whatever the file's type, and offers the other actions", () => {
    const named = item({ file: 'keys/ghp_…5puf.py', line: 1, column: 6, ruleId: 'github-pat', inFileName: true, context: 'keys/ghp_…5puf.py' });
    const refused = keys(start(named), 'l');
    expect(refused.mode).toEqual({ name: 'browse' });
    expect(refused.message).toBe("The secret is in the file's name, where no comment goes: choose another action.");
    expect(keys(start(named), 'i', 'a test fixture\r').decisions.get(0)).toEqual({ kind: 'ignore', reason: 'a test fixture' });
  });

  it('Esc in a prompt cancels it and records nothing', () => {
    const state = keys(start(app), 'i', 'half', ESC);
    expect(state).toMatchObject({ mode: { name: 'browse' }, message: 'Cancelled.' });
    expect(state.decisions.size).toBe(0);
  });
});

describe('finishing', () => {
  it('continues only once every finding is decided, with the decisions; undo takes one back', () => {
    let state = keys(start(app, fixture), 's');
    state = keys(state, 'c');
    expect(state.outcome).toBeUndefined();
    expect(state.message).toBe('1 finding still undecided: decide each, or abort.');
    state = keys(state, 'u');
    expect(state.message).toBe('Nothing to undo for this finding.');
    state = keys(state, UP, 'u');
    expect(state.message).toBe('Decision undone.');
    expect(undecided(state)).toBe(2);
    state = keys(state, 's', 's');
    expect(state.message).toBe('Every finding is decided: press c to continue the commit.');
    state = keys(state, 'c');
    expect(state.outcome).toEqual({ action: 'continue', decisions: new Map([[0, { kind: 'skip' }], [1, { kind: 'skip' }]]) });
    // Once settled, no key changes anything.
    expect(keys(state, 'u', CTRL_C)).toBe(state);
  });

  it('aborts after a confirmation (a, q or Esc, then y or Enter); n or Esc goes back', () => {
    for (const ask of ['a', 'q', ESC]) {
      const asking = keys(start(app), ask);
      expect(asking.mode).toEqual({ name: 'confirm-abort' });
      expect(keys(asking, 'n').mode).toEqual({ name: 'browse' });
      expect(keys(asking, ESC).mode).toEqual({ name: 'browse' });
      expect(keys(asking, 'x')).toBe(asking);
      expect(keys(asking, 'y').outcome).toEqual({ action: 'abort' });
      expect(keys(asking, ENTER).outcome).toEqual({ action: 'abort' });
    }
  });

  it('Ctrl-C aborts at once, in any mode', () => {
    for (const mode of [[], ['i', 'half'], ['l'], ['a']] as Key[][]) {
      expect(keys(start(app), ...mode, CTRL_C).outcome).toEqual({ action: 'abort' });
    }
  });
});
