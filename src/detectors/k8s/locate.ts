/**
 * Maps offsets in a whole file to spans of a fragment's text. For a diff
 * fragment (only added lines) a span on a line that was not added maps to
 * nothing: staged and history scans report added lines only.
 */
import { lineIndexAt, lineStarts } from '../../text-lines.js';
import type { Fragment } from '../../types.js';

export class SourceLocator {
  private readonly sourceLineStarts: number[];
  private readonly textLineStarts: number[] | undefined;

  constructor(
    private readonly fragment: Fragment,
    private readonly source: string,
  ) {
    this.sourceLineStarts = lineStarts(source);
    this.textLineStarts = fragment.lineNumbers ? lineStarts(fragment.text) : undefined;
  }

  /** The fragment span of `[start, end)` in the source, cut at the end of its first line. */
  span(start: number, end: number): [number, number] | undefined {
    const { lineNumbers } = this.fragment;
    if (!lineNumbers || !this.textLineStarts) return [start, Math.max(start, end)];
    const lineIndex = lineIndexAt(this.sourceLineStarts, start);
    const column = start - this.sourceLineStarts[lineIndex]!;
    const textIndex = binarySearch(lineNumbers, lineIndex + 1);
    if (textIndex < 0) return undefined;
    const lineStart = this.textLineStarts[textIndex]!;
    const nextLine = this.textLineStarts[textIndex + 1];
    const lineEnd = nextLine === undefined ? this.fragment.text.length : nextLine - 1;
    const from = Math.min(lineStart + column, lineEnd);
    return [from, Math.max(from, Math.min(lineEnd, from + (end - start)))];
  }
}

function binarySearch(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const found = sorted[mid]!;
    if (found === value) return mid;
    if (found < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
