/**
 * V8's regex engine keeps a backtracking stack that grows with the length of a
 * match, and a single line of tens of megabytes (a huge base64 value, a
 * minified bundle) makes even a plain `[A-Za-z0-9]{40,}` throw "Maximum call
 * stack size exceeded". Text detectors therefore see long lines cut into
 * segments of `SEGMENT` characters that overlap by `SEGMENT_OVERLAP`: a secret up
 * to `MAX_REACH` characters long that crosses a cut lies whole in one segment,
 * and is reported once, by the segment that owns its start (each segment owns
 * from `SEGMENT_CONTEXT` into its overlap with the previous one, so a match at a
 * segment's first characters, where a regex would see a line start instead of
 * the text before, is the previous segment's). Findings are mapped back to
 * offsets of the original text.
 */
import type { Fragment, RawFinding } from '../types.js';

export const SEGMENT = 64 * 1024;
export const SEGMENT_OVERLAP = 8 * 1024;
/** Characters of real text a segment's owned part has before it. */
export const SEGMENT_CONTEXT = 1024;
/** The longest secret found whole across a cut. */
export const MAX_REACH = SEGMENT_OVERLAP - SEGMENT_CONTEXT;

interface Piece {
  /** Offset of the piece in the segmented text. */
  readonly at: number;
  /** Offset of the piece in the original text. */
  readonly from: number;
  readonly length: number;
  /** Offsets of the piece (relative to it) whose findings it reports. */
  readonly ownStart: number;
  readonly ownEnd: number;
}

export interface Segmented {
  readonly text: string;
  /** Undefined when nothing was cut (`text` is the original). */
  readonly pieces?: readonly Piece[];
}

export function segmentLongLines(text: string): Segmented {
  if (text.length <= SEGMENT) return { text };
  const pieces: Piece[] = [];
  const parts: string[] = [];
  let at = 0;
  let plain = 0;
  let cut = false;
  const push = (from: number, to: number, ownStart: number, ownEnd: number): void => {
    pieces.push({ at, from, length: to - from, ownStart, ownEnd });
    parts.push(text.slice(from, to));
    at += to - from;
  };
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd - lineStart > SEGMENT) {
      cut = true;
      // The text before this line, whole, then the line's segments.
      if (plain < lineStart) push(plain, lineStart, 0, lineStart - plain);
      const step = SEGMENT - SEGMENT_OVERLAP;
      for (let start = lineStart; ; start += step) {
        const end = Math.min(lineEnd, start + SEGMENT);
        const first = start === lineStart;
        const last = end === lineEnd;
        if (!first) {
          parts.push('\n');
          at++;
        }
        push(start, end, first ? 0 : SEGMENT_CONTEXT, last ? end - start : step + SEGMENT_CONTEXT);
        if (last) break;
      }
      plain = lineEnd;
    }
    lineStart = lineEnd + 1;
  }
  if (!cut) return { text };
  if (plain < text.length) push(plain, text.length, 0, text.length - plain);
  return { text: parts.join(''), pieces };
}

/**
 * Runs `detect` on `fragment` with its long lines segmented, and returns the
 * findings at offsets of the original text.
 */
export function segmentedFindings(fragment: Fragment, detect: (fragment: Fragment) => RawFinding[]): RawFinding[] {
  const segmented = segmentLongLines(fragment.text);
  const pieces = segmented.pieces;
  if (!pieces) return detect(fragment);
  const findings: RawFinding[] = [];
  for (const finding of detect({ ...fragment, text: segmented.text })) {
    const startPiece = pieceAt(pieces, finding.start);
    const offset = finding.start - startPiece.at;
    if (offset < startPiece.ownStart || offset >= startPiece.ownEnd) continue;
    const endPiece = pieceAt(pieces, Math.max(finding.start, finding.end - 1));
    const start = startPiece.from + offset;
    const end = endPiece.from + (finding.end - endPiece.at);
    findings.push({ ...finding, start, end: Math.max(start, end) });
  }
  return findings;
}

function pieceAt(pieces: readonly Piece[], offset: number): Piece {
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (pieces[mid]!.at <= offset) low = mid;
    else high = mid - 1;
  }
  return pieces[low]!;
}
