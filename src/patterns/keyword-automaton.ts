/**
 * Aho-Corasick over the rules' keywords, as a dense transition table over only
 * the characters that occur in keywords (ASCII letters folded to lower case).
 * One table lookup per character of text, whatever the number of keywords. It
 * costs a few milliseconds to build, so `KeywordIndex` switches to it only once a
 * scan has read enough text to repay that.
 */

const ASCII = 128;

export class KeywordAutomaton {
  /** Column of each ASCII code; 0 for characters in no keyword (they lead back to the root). */
  private readonly column = new Uint8Array(ASCII);
  private readonly width: number;
  private readonly next: Int32Array;
  /** Rule ids whose keyword ends in each state (failure links already followed). */
  private readonly outputs: (readonly number[] | undefined)[];

  /** `keywords`: lower-case printable ASCII, each with the ids of its rules. */
  constructor(keywords: ReadonlyMap<string, ReadonlySet<number>>) {
    const { column } = this;
    let width = 1;
    for (const keyword of keywords.keys()) {
      for (let i = 0; i < keyword.length; i++) {
        const code = keyword.charCodeAt(i);
        if (column[code] === 0) column[code] = width++;
      }
    }
    for (let code = 0x41; code <= 0x5a; code++) column[code] = column[code | 0x20]!;
    this.width = width;

    let next = new Int32Array(64 * width).fill(-1);
    let states = 1;
    const terminal: number[][] = [[]];
    for (const [keyword, ids] of keywords) {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const slot = state * width + column[keyword.charCodeAt(i)]!;
        let target = next[slot]!;
        if (target < 0) {
          if ((states + 1) * width > next.length) {
            const grown = new Int32Array(next.length * 2).fill(-1);
            grown.set(next);
            next = grown;
          }
          target = states++;
          terminal.push([]);
          next[slot] = target;
        }
        state = target;
      }
      terminal[state]!.push(...ids);
    }

    // Breadth first, so a state's failure target is complete before its children are.
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let c = 0; c < width; c++) {
      const child = next[c]!;
      if (child < 0) next[c] = 0;
      else queue[tail++] = child;
    }
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      const failure = fail[state]!;
      if (terminal[failure]!.length > 0) terminal[state] = [...new Set([...terminal[state]!, ...terminal[failure]!])];
      const row = state * width;
      const failureRow = failure * width;
      for (let c = 0; c < width; c++) {
        const child = next[row + c]!;
        if (child < 0) {
          next[row + c] = next[failureRow + c]!;
        } else {
          fail[child] = next[failureRow + c]!;
          queue[tail++] = child;
        }
      }
    }
    this.next = next.subarray(0, states * width);
    this.outputs = terminal.map((ids) => (ids.length > 0 ? ids : undefined));
  }

  matchingRules(text: string): Set<number> {
    const found = new Set<number>();
    const { next, outputs, column, width } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = code < ASCII ? next[state * width + column[code]!]! : 0;
      const ids = outputs[state];
      if (ids !== undefined) for (const id of ids) found.add(id);
    }
    return found;
  }
}
