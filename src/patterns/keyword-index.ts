/**
 * Keyword prefilter: one pass over the text finds which rules can possibly match.
 *
 * An Aho-Corasick automaton over all rules' keywords (ASCII, case folded), built
 * as a dense transition table, so the cost of a pass depends on the text length
 * and not on how many rules or keywords there are.
 */

const ALPHABET = 128;

export class KeywordIndex {
  private readonly next: Int32Array;
  /** For each state, the ids of the rules whose keyword ends there (after following failure links). */
  private readonly outputs: (readonly number[] | undefined)[];

  constructor(keywordsByRule: readonly (readonly string[])[]) {
    const goto: Map<number, number>[] = [new Map()];
    const terminal: Set<number>[] = [new Set()];
    keywordsByRule.forEach((keywords, ruleId) => {
      for (const keyword of keywords) {
        let state = 0;
        for (const code of foldedCodes(keyword)) {
          let target = goto[state]!.get(code);
          if (target === undefined) {
            target = goto.length;
            goto.push(new Map());
            terminal.push(new Set());
            goto[state]!.set(code, target);
          }
          state = target;
        }
        terminal[state]!.add(ruleId);
      }
    });

    const states = goto.length;
    const next = new Int32Array(states * ALPHABET);
    const fail = new Int32Array(states);
    const outputs: Set<number>[] = terminal.map((set) => new Set(set));
    // Breadth-first: every state's failure target is complete before its children are.
    const queue: number[] = [];
    for (let code = 0; code < ALPHABET; code++) {
      const child = goto[0]!.get(code);
      next[code] = child ?? 0;
      if (child !== undefined) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const id of outputs[fail[state]!]!) outputs[state]!.add(id);
      for (let code = 0; code < ALPHABET; code++) {
        const child = goto[state]!.get(code);
        const viaFail = next[fail[state]! * ALPHABET + code]!;
        if (child === undefined) {
          next[state * ALPHABET + code] = viaFail;
        } else {
          next[state * ALPHABET + code] = child;
          fail[child] = viaFail;
          queue.push(child);
        }
      }
    }
    this.next = next;
    this.outputs = outputs.map((set) => (set.size > 0 ? [...set] : undefined));
  }

  /** Ids of the rules with at least one keyword in `text` (ignoring ASCII case). */
  matchingRules(text: string): Set<number> {
    const found = new Set<number>();
    const { next, outputs } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= ALPHABET) {
        state = 0;
        continue;
      }
      if (code >= 0x41 && code <= 0x5a) code |= 0x20;
      state = next[state * ALPHABET + code]!;
      const out = outputs[state];
      if (out !== undefined) for (const id of out) found.add(id);
    }
    return found;
  }
}

function foldedCodes(keyword: string): number[] {
  const codes: number[] = [];
  for (const char of keyword.toLowerCase()) {
    const code = char.charCodeAt(0);
    if (code >= ALPHABET) throw new Error(`keyword "${keyword}" is not ASCII`);
    codes.push(code);
  }
  return codes;
}
