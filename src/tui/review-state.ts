/**
 * The review screen's state and every key's effect on it (pure: a reducer, so each
 * action can be tested without a terminal). The components draw this state; the
 * runner turns the final outcome into writes.
 */
import { Minimatch } from 'minimatch';
import { escapeGlob, globProblem, suggestGlob } from '../allowlist/globs.js';
import { canMarkInline, markLine } from '../allowlist/inline.js';
import type { ClearView } from '../findings/vault.js';
import type { Finding } from '../types.js';

export interface ReviewItem {
  readonly finding: Finding;
  /** The clear secret and context; absent when none was kept (then only the redacted form shows). */
  readonly clear?: ClearView;
}

/** What the user decided for one finding. */
export type Decision =
  /** An `ignore:` entry for this secret (its fingerprint), with the reason typed in. */
  | { readonly kind: 'ignore'; readonly reason: string }
  /** The glob goes in `allow.paths`: those files are not scanned. */
  | { readonly kind: 'allow-path'; readonly glob: string }
  /** The glob goes in `rules.<rule>.allow.paths`: this rule is off for those files. */
  | { readonly kind: 'rule-path'; readonly glob: string }
  /** A `leakgate:allow` comment on the line, in the staged file and the work tree. */
  | { readonly kind: 'inline' }
  /** Let it through this once; nothing is recorded and the next scan reports it again. */
  | { readonly kind: 'skip' };

export type Outcome =
  | { readonly action: 'continue'; readonly decisions: ReadonlyMap<number, Decision> }
  | { readonly action: 'abort' };

export type Mode =
  | { readonly name: 'browse' }
  | { readonly name: 'input'; readonly purpose: 'ignore' | 'allow-path' | 'rule-path'; readonly value: string; readonly error?: string }
  | { readonly name: 'confirm-inline'; readonly preview: string }
  | { readonly name: 'confirm-abort' };

export interface ReviewState {
  readonly items: readonly ReviewItem[];
  readonly cursor: number;
  readonly decisions: ReadonlyMap<number, Decision>;
  readonly mode: Mode;
  /** The clear secret of the current finding is shown (until the cursor moves). */
  readonly revealed: boolean;
  /** One line of feedback for the last key. */
  readonly message?: string;
  readonly outcome?: Outcome;
}

/** The subset of Ink's key flags the screen reacts to. */
export interface KeyPress {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly tab?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
}

export function initialState(items: readonly ReviewItem[]): ReviewState {
  return { items, cursor: 0, decisions: new Map(), mode: { name: 'browse' }, revealed: false };
}

/**
 * The index of the decision that settles item `index`: its own, or another's that
 * covers it (the same secret, a path glob matching its file, the rule turned off
 * for its file, a marker on its line).
 */
export function settledBy(state: Pick<ReviewState, 'items' | 'decisions'>, index: number): number | undefined {
  if (state.decisions.has(index)) return index;
  const target = state.items[index]!.finding;
  for (const [other, decision] of state.decisions) {
    const finding = state.items[other]!.finding;
    switch (decision.kind) {
      case 'ignore':
        if (finding.fingerprint === target.fingerprint) return other;
        break;
      case 'allow-path':
        if (matches(decision.glob, target.file)) return other;
        break;
      case 'rule-path':
        if (finding.ruleId === target.ruleId && matches(decision.glob, target.file)) return other;
        break;
      case 'inline':
        if (finding.file === target.file && target.line >= finding.line && target.line <= finding.endLine) return other;
        break;
      case 'skip':
        break;
    }
  }
  return undefined;
}

export function undecided(state: Pick<ReviewState, 'items' | 'decisions'>): number {
  return state.items.filter((_, i) => settledBy(state, i) === undefined).length;
}

function matches(glob: string, path: string): boolean {
  return new Minimatch(glob, { dot: true }).match(path);
}

/** The staged line after adding the marker, masked, for the confirmation; undefined when the file takes no comment. */
export function inlinePreview(item: ReviewItem): string | undefined {
  const { finding } = item;
  if (finding.inFileName || !canMarkInline(finding.file)) return undefined;
  const line = item.clear?.lines.find((context) => context.line === finding.line)?.masked ?? finding.context;
  return markLine(finding.file, line);
}

export function reduce(state: ReviewState, input: string, key: KeyPress): ReviewState {
  if (state.outcome) return state;
  if (key.ctrl && input === 'c') return { ...state, outcome: { action: 'abort' } };
  const next = { ...state, message: undefined } as ReviewState;
  switch (state.mode.name) {
    case 'browse':
      return browse(next, input, key);
    case 'input':
      return typing(next, state.mode, input, key);
    case 'confirm-inline':
      if (input === 'y' || key.return) return decide(next, { kind: 'inline' });
      if (input === 'n' || key.escape) return { ...next, mode: { name: 'browse' }, message: 'No marker added.' };
      return state;
    case 'confirm-abort':
      if (input === 'y' || key.return) return { ...next, outcome: { action: 'abort' } };
      if (input === 'n' || key.escape) return { ...next, mode: { name: 'browse' } };
      return state;
  }
}

function browse(state: ReviewState, input: string, key: KeyPress): ReviewState {
  const item = state.items[state.cursor]!;
  const { finding } = item;
  if (key.upArrow || input === 'k') return move(state, -1);
  if (key.downArrow || key.tab || input === 'j') return move(state, 1);
  if (key.escape) return { ...state, mode: { name: 'confirm-abort' } };
  switch (input) {
    case 'i':
      return { ...state, mode: { name: 'input', purpose: 'ignore', value: '' } };
    case 'p':
      return { ...state, mode: { name: 'input', purpose: 'allow-path', value: suggestGlob(finding.file) } };
    case 'r':
      return { ...state, mode: { name: 'input', purpose: 'rule-path', value: escapeGlob(finding.file) } };
    case 'l': {
      const preview = inlinePreview(item);
      if (preview === undefined && finding.inFileName) return { ...state, message: "The secret is in the file's name, where no comment goes: choose another action." };
      if (preview === undefined) return { ...state, message: `A ${extension(finding.file)} file takes no comment: choose another action.` };
      return { ...state, mode: { name: 'confirm-inline', preview } };
    }
    case 's':
      return decide(state, { kind: 'skip' });
    case 'u': {
      if (!state.decisions.has(state.cursor)) return { ...state, message: 'Nothing to undo for this finding.' };
      const decisions = new Map(state.decisions);
      decisions.delete(state.cursor);
      return { ...state, decisions, message: 'Decision undone.' };
    }
    case 'v':
      return { ...state, revealed: !state.revealed && item.clear !== undefined, ...(item.clear ? {} : { message: 'No clear text kept for this finding.' }) };
    case 'c': {
      const left = undecided(state);
      if (left > 0) return { ...state, message: `${left} finding${left === 1 ? '' : 's'} still undecided: decide each, or abort.` };
      return { ...state, outcome: { action: 'continue', decisions: state.decisions } };
    }
    case 'a':
    case 'q':
      return { ...state, mode: { name: 'confirm-abort' } };
    default:
      return state;
  }
}

function typing(state: ReviewState, mode: Extract<Mode, { name: 'input' }>, input: string, key: KeyPress): ReviewState {
  if (key.escape) return { ...state, mode: { name: 'browse' }, message: 'Cancelled.' };
  // Text pasted with its line break arrives as one chunk: type it, then submit.
  const lineBreak = key.return ? -1 : input.search(/[\r\n]/);
  if (lineBreak >= 0) {
    const typed = typing(state, mode, input.slice(0, lineBreak), {});
    return typed.mode.name === 'input' ? typing(typed, typed.mode, '', { return: true }) : typed;
  }
  if (key.return) {
    const value = mode.value.trim();
    const error = validate(state.items[state.cursor]!.finding, mode.purpose, value);
    if (error) return { ...state, mode: { ...mode, error } };
    const decision: Decision = mode.purpose === 'ignore' ? { kind: 'ignore', reason: value } : { kind: mode.purpose, glob: value };
    return decide(state, decision);
  }
  if (key.backspace || key.delete) return { ...state, mode: withValue(mode, mode.value.slice(0, -1)) };
  if (key.ctrl && input === 'u') return { ...state, mode: withValue(mode, '') };
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.tab) return state;
  // Printable text only (a paste may bring several characters at once).
  const text = [...input].filter((char) => char >= ' ' && char !== '\u007f').join('');
  return text ? { ...state, mode: withValue(mode, mode.value + text) } : state;
}

function withValue(mode: Extract<Mode, { name: 'input' }>, value: string): Mode {
  return { name: 'input', purpose: mode.purpose, value };
}

function validate(finding: Finding, purpose: 'ignore' | 'allow-path' | 'rule-path', value: string): string | undefined {
  if (purpose === 'ignore') return value === '' ? 'Type why this is not a secret: the maintainers will read it.' : undefined;
  const problem = globProblem(value);
  if (problem) return `Not a valid glob: ${problem}.`;
  if (!matches(value, finding.file)) return `The glob does not match ${finding.file}.`;
  return undefined;
}

function decide(state: ReviewState, decision: Decision): ReviewState {
  const decisions = new Map(state.decisions);
  decisions.set(state.cursor, decision);
  const decided = { ...state, decisions, mode: { name: 'browse' } as Mode, revealed: false };
  // On to the next finding still undecided, if any.
  const count = state.items.length;
  for (let step = 1; step <= count; step++) {
    const index = (state.cursor + step) % count;
    if (settledBy(decided, index) === undefined) return { ...decided, cursor: index };
  }
  return { ...decided, message: 'Every finding is decided: press c to continue the commit.' };
}

function move(state: ReviewState, delta: number): ReviewState {
  const count = state.items.length;
  return { ...state, cursor: (state.cursor + delta + count) % count, revealed: false };
}

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.includes('.') ? name.slice(name.lastIndexOf('.')) : name;
}
