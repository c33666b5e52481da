/**
 * Which of many strings occur in a text (pure): Aho-Corasick over UTF-16 code
 * units, case-sensitive. Masking every secret of a file wherever it occurs on a
 * printed line must not try each secret on each line: with one finding per line,
 * that walks the file once per finding. Built once per file, each lookup costs the
 * length of the line plus the occurrences it finds.
 */
export class SubstringIndex<T> {
  // The trie of secrets is mostly chains: each state keeps its first child inline,
  // and only states with several children get a map.
  private readonly firstCode: number[] = [-1];
  private readonly firstChild: number[] = [0];
  private readonly moreChildren = new Map<number, Map<number, number>>();
  /** Values of the strings that end exactly in a state. */
  private readonly values = new Map<number, T[]>();
  /** Order of first addition, so callers see their own list's order. */
  private readonly rank = new Map<T, number>();
  private links: { fail: Int32Array; output: Int32Array } | undefined;

  add(text: string, value: T): void {
    if (this.links) throw new Error('SubstringIndex: add after the first lookup');
    if (!this.rank.has(value)) this.rank.set(value, this.rank.size);
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let target = this.child(state, code);
      if (target === undefined) {
        target = this.firstCode.length;
        this.firstCode.push(-1);
        this.firstChild.push(0);
        if (this.firstCode[state] === -1) {
          this.firstCode[state] = code;
          this.firstChild[state] = target;
        } else {
          let more = this.moreChildren.get(state);
          if (!more) this.moreChildren.set(state, (more = new Map()));
          more.set(code, target);
        }
      }
      state = target;
    }
    const values = this.values.get(state);
    if (values) values.push(value);
    else this.values.set(state, [value]);
  }

  /** The values of every added string that occurs in `text`, each once, in the order they were added. */
  occurringIn(text: string): T[] {
    const { fail, output } = (this.links ??= this.build());
    const found = new Set<T>();
    // A string's values are taken at its first occurrence only: a secret written ten thousand
    // times on a line, by ten thousand findings, is not ten thousand times ten thousand adds.
    const taken = new Set<number>();
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let target = this.child(state, code);
      while (target === undefined && state !== 0) {
        state = fail[state]!;
        target = this.child(state, code);
      }
      state = target ?? 0;
      for (let hit = this.values.has(state) ? state : output[state]!; hit > 0; hit = output[hit]!) {
        if (taken.has(hit)) continue;
        taken.add(hit);
        for (const value of this.values.get(hit)!) found.add(value);
      }
    }
    return found.size < 2 ? [...found] : [...found].sort((a, b) => this.rank.get(a)! - this.rank.get(b)!);
  }

  private child(state: number, code: number): number | undefined {
    if (this.firstCode[state] === code) return this.firstChild[state];
    return this.moreChildren.get(state)?.get(code);
  }

  /** Failure links, and for each state the nearest state down its failure chain where a string ends (0: none). */
  private build(): { fail: Int32Array; output: Int32Array } {
    const states = this.firstCode.length;
    const fail = new Int32Array(states);
    const output = new Int32Array(states);
    const childrenOf = (state: number): [number, number][] => {
      if (this.firstCode[state] === -1) return [];
      return [[this.firstCode[state]!, this.firstChild[state]!], ...(this.moreChildren.get(state) ?? [])];
    };
    // Breadth first: a state's links are complete before its children's are computed.
    const queue = childrenOf(0).map(([, child]) => child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [code, child] of childrenOf(state)) {
        let f = fail[state]!;
        let target = this.child(f, code);
        while (target === undefined && f !== 0) {
          f = fail[f]!;
          target = this.child(f, code);
        }
        fail[child] = target ?? 0;
        queue.push(child);
      }
      const f = fail[state]!;
      output[state] = this.values.has(f) ? f : output[f]!;
    }
    return { fail, output };
  }
}
