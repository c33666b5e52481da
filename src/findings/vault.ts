/**
 * The clear secrets, for the review screen only. Reporters get `Finding`s, which
 * are redacted; the review screen also gets this vault, which maps each finding
 * (by object identity: nothing to serialise, nothing to look up by string) to its
 * clear secret and a few lines of context. The context lines come masked, with
 * every secret the detectors saw in the file replaced by its redacted form; the
 * `revealed` form of each line shows this finding's secret alone, for the one
 * explicit keypress on the terminal that asks for it.
 */
import type { Finding, Fragment, RawFinding } from '../types.js';
import { maskIn, redact } from './redact.js';
import { SubstringIndex } from './substring-index.js';

export interface ContextLine {
  /** 1-based line in the file. */
  readonly line: number;
  /** Every secret masked. */
  readonly masked: string;
  /** This finding's secret in clear, every other one masked. */
  readonly revealed: string;
  /** The line holds (part of) the finding. */
  readonly hit: boolean;
}

export interface ClearView {
  readonly secret: string;
  readonly lines: readonly ContextLine[];
}

/** Lines shown before and after the finding. */
const AROUND = 2;
/** Lines shown of a secret spanning many (a private key): the first and last few. */
const SPAN_EDGE = 3;
/** Characters kept of a long (minified) line, around the secret. */
const LINE_CHARS = 240;
/** Shorter strings are masked only where the detector found them, not wherever they occur. */
const MIN_MASKED = 3;

export class SecretVault {
  private readonly views = new WeakMap<Finding, ClearView>();

  get(finding: Finding): ClearView | undefined {
    return this.views.get(finding);
  }

  /** Keeps a view recorded by another vault (on a detection thread) for `finding`, the copy of its finding here. */
  adopt(finding: Finding, view: ClearView): void {
    this.views.set(finding, view);
  }

  /** Keeps `raw`'s clear secret and context for `finding`; `all` are the fragment's other findings, to mask. */
  record(finding: Finding, fragment: Fragment, raw: RawFinding, all: readonly RawFinding[]): void {
    this.views.set(finding, { secret: raw.secret, lines: contextLines(finding, fragment, raw, all) });
  }
}

/**
 * What every finding of one fragment shares, built once: the file's lines, and an
 * index of the fragment's secrets (each piece that gets masked), so that a
 * finding's few lines are masked without walking the file or trying every secret.
 */
interface Shared {
  readonly source: readonly (readonly [number, string])[];
  /** `source` is in ascending line order, so a finding's lines are found by bisection. */
  readonly ordered: boolean;
  readonly secrets: SubstringIndex<RawFinding>;
}

const sharedByFindings = new WeakMap<readonly RawFinding[], WeakMap<Fragment, Shared>>();

function shared(fragment: Fragment, all: readonly RawFinding[]): Shared {
  let byFragment = sharedByFindings.get(all);
  if (!byFragment) sharedByFindings.set(all, (byFragment = new WeakMap()));
  let found = byFragment.get(fragment);
  if (!found) {
    const source = sourceLines(fragment);
    const secrets = new SubstringIndex<RawFinding>();
    for (const f of all) for (const [part] of masksOf(f, fragment)) secrets.add(part, f);
    found = { source, ordered: source.every(([line], i) => i === 0 || source[i - 1]![0] < line), secrets };
    byFragment.set(fragment, found);
  }
  return found;
}

/** The pieces of `f`'s secret that get masked, each with the redacted form that replaces it. */
function masksOf(f: RawFinding, fragment: Fragment): [string, string][] {
  const shown = redact(f.secret);
  const parts = [f.secret, ...f.secret.split('\n'), ...fragment.text.slice(f.start, f.end).split('\n')];
  return parts.filter((part) => part.length >= MIN_MASKED).map((part): [string, string] => [part, shown]);
}

function contextLines(finding: Finding, fragment: Fragment, raw: RawFinding, all: readonly RawFinding[]): ContextLine[] {
  const { source, ordered, secrets } = shared(fragment, all);
  const first = finding.line - AROUND;
  const last = finding.endLine + AROUND;
  const wanted = (line: number): boolean =>
    line >= first &&
    line <= last &&
    (finding.endLine - finding.line < SPAN_EDGE * 2 || line < finding.line + SPAN_EDGE || line > finding.endLine - SPAN_EDGE);
  let from = 0;
  let to = source.length;
  if (ordered) {
    from = lowerBound(source, first);
    to = lowerBound(source, last + 1);
  }
  const shown = source.slice(from, to).filter(([line]) => wanted(line));
  // Only the secrets that occur on the lines shown, in the order of `all`: the same masks as trying each.
  const present = new Set(shown.flatMap(([, text]) => secrets.occurringIn(text)));
  const others = all.filter((other) => other !== raw && present.has(other));
  // Each piece once (the first finding's mask): a secret repeated on a line is one finding per place.
  const masks = (findings: readonly RawFinding[]): [string, string][] => {
    const pieces = new Map<string, string>();
    for (const f of findings) for (const [part, shown] of masksOf(f, fragment)) if (!pieces.has(part)) pieces.set(part, shown);
    return [...pieces];
  };
  // Longest first, so a secret is masked whole before any shorter piece of it.
  const byLength = (a: [string, string], b: [string, string]): number => b[0].length - a[0].length;
  const maskOthers = masks(others).sort(byLength);
  const maskAll = [...masks([raw]), ...maskOthers].sort(byLength);
  const apply = (text: string, list: readonly [string, string][]): string =>
    list.reduce((line, [part, shown]) => maskIn(line, part, shown), text);
  const spanLength = raw.end - raw.start;
  const lines: ContextLine[] = [];
  for (const [line, text] of shown) {
    const hit = line >= finding.line && line <= finding.endLine;
    let masked = text;
    let revealed = text;
    if (line === finding.line) {
      // The detector's exact span first: a short secret may occur elsewhere harmlessly.
      const column = finding.column - 1;
      const end = Math.min(text.length, column + spanLength);
      masked = text.slice(0, column) + redact(raw.secret) + text.slice(end);
    }
    masked = clip(apply(masked, maskAll), finding, line);
    revealed = clip(apply(revealed, maskOthers), finding, line);
    lines.push({ line, masked, revealed, hit });
  }
  return lines;
}

/** The first index of `source` whose line is at least `line`. */
function lowerBound(source: readonly (readonly [number, string])[], line: number): number {
  let low = 0;
  let high = source.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (source[mid]![0] < line) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The file's lines that are known, by line number: the whole file when the source gave it, else the scanned lines. */
function sourceLines(fragment: Fragment): [number, string][] {
  if (fragment.wholeFile !== undefined) return fragment.wholeFile.split('\n').map((text, i) => [i + 1, text.replace(/\r$/, '')]);
  return fragment.text.split('\n').map((text, i) => [fragment.lineNumbers?.[i] ?? i + 1, text.replace(/\r$/, '')]);
}

function clip(text: string, finding: Finding, line: number): string {
  if (text.length <= LINE_CHARS) return text;
  const from = line === finding.line ? Math.max(0, finding.column - 1 - LINE_CHARS / 4) : 0;
  return `${from > 0 ? '…' : ''}${text.slice(from, from + LINE_CHARS)}…`;
}
