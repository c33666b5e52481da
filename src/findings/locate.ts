import { lineIndexAt, lineStarts } from '../text-lines.js';
import type { Fragment } from '../types.js';

/** Maps offsets in `fragment.text` to 1-based lines and columns of the file. */
export class LineMap {
  private readonly starts: number[];

  constructor(private readonly fragment: Fragment) {
    this.starts = lineStarts(fragment.text);
  }

  /** Index of the text line holding `offset`. */
  private index(offset: number): number {
    return lineIndexAt(this.starts, offset);
  }

  position(offset: number): { line: number; column: number } {
    const index = this.index(offset);
    return {
      line: this.fragment.lineNumbers?.[index] ?? index + 1,
      column: offset - this.starts[index]! + 1,
    };
  }

  /** The text of the line holding `offset`. */
  lineAt(offset: number): string {
    const index = this.index(offset);
    const start = this.starts[index]!;
    const next = this.starts[index + 1];
    return this.fragment.text.slice(start, next === undefined ? undefined : next - 1);
  }

  /** Which lines `linesBetween(start, end)` gives, as a key (`first:last`, text line indexes). */
  lineRange(start: number, end: number): string {
    return `${this.index(start)}:${this.index(Math.max(start, end - 1))}`;
  }

  /** The texts of the lines from the one holding `start` to the one holding `end - 1`. */
  linesBetween(start: number, end: number): string[] {
    const first = this.index(start);
    const last = this.index(Math.max(start, end - 1));
    const lines: string[] = [];
    for (let i = first; i <= last; i++) lines.push(this.lineAt(this.starts[i]!));
    return lines;
  }
}
