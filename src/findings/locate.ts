import type { Fragment } from '../types.js';

/** Maps offsets in `fragment.text` to 1-based lines and columns of the file. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(private readonly fragment: Fragment) {
    const { text } = fragment;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** Index of the text line holding `offset`. */
  private index(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
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

  /** The texts of the lines from the one holding `start` to the one holding `end - 1`. */
  linesBetween(start: number, end: number): string[] {
    const first = this.index(start);
    const last = this.index(Math.max(start, end - 1));
    const lines: string[] = [];
    for (let i = first; i <= last; i++) lines.push(this.lineAt(this.starts[i]!));
    return lines;
  }
}
