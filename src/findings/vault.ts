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

  /** Keeps `raw`'s clear secret and context for `finding`; `all` are the fragment's other findings, to mask. */
  record(finding: Finding, fragment: Fragment, raw: RawFinding, all: readonly RawFinding[]): void {
    this.views.set(finding, { secret: raw.secret, lines: contextLines(finding, fragment, raw, all) });
  }
}

function contextLines(finding: Finding, fragment: Fragment, raw: RawFinding, all: readonly RawFinding[]): ContextLine[] {
  const source = sourceLines(fragment);
  const first = finding.line - AROUND;
  const last = finding.endLine + AROUND;
  const wanted = (line: number): boolean =>
    line >= first &&
    line <= last &&
    (finding.endLine - finding.line < SPAN_EDGE * 2 || line < finding.line + SPAN_EDGE || line > finding.endLine - SPAN_EDGE);
  const others = all.filter((other) => other !== raw);
  const masks = (findings: readonly RawFinding[]): [string, string][] =>
    findings.flatMap((f) => {
      const shown = redact(f.secret);
      const parts = [f.secret, ...f.secret.split('\n'), ...fragment.text.slice(f.start, f.end).split('\n')];
      return parts.filter((part) => part.length >= MIN_MASKED).map((part): [string, string] => [part, shown]);
    });
  // Longest first, so a secret is masked whole before any shorter piece of it.
  const byLength = (a: [string, string], b: [string, string]): number => b[0].length - a[0].length;
  const maskOthers = masks(others).sort(byLength);
  const maskAll = [...masks([raw]), ...maskOthers].sort(byLength);
  const apply = (text: string, list: readonly [string, string][]): string =>
    list.reduce((line, [part, shown]) => maskIn(line, part, shown), text);
  const spanLength = raw.end - raw.start;
  const lines: ContextLine[] = [];
  for (const [line, text] of source) {
    if (!wanted(line)) continue;
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
