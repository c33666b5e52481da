/**
 * A static check for the classic catastrophic-backtracking shape: an unbounded
 * quantifier applied to a group that itself holds one (`(a+)+`, `(\w+\s?)*`).
 * JavaScript cannot interrupt a running regex, so a rule written in a user's
 * config is refused before it can hang a commit. Conservative by design: it may
 * refuse a safe pattern, which is then easy to rewrite.
 */

interface Frame {
  /** The group holds an unbounded quantifier. */
  unbounded: boolean;
}

/** Upper bounds above this count as unbounded (`{1,1000}` backtracks like `+`). */
const LARGE_BOUND = 32;

export function hasNestedQuantifier(source: string): boolean {
  const frames: Frame[] = [{ unbounded: false }];
  const quantifierAt = (at: number): { unbounded: boolean; end: number } | undefined => {
    const char = source[at];
    if (char === '*' || char === '+') return { unbounded: true, end: at + 1 };
    if (char === '?') return { unbounded: false, end: at + 1 };
    if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at, at + 24));
      if (match) return { unbounded: match[2] !== undefined && (match[3] === '' || Number(match[3]) > LARGE_BOUND), end: at + match[0].length };
    }
    return undefined;
  };
  /** Skips a quantifier (and its lazy or possessive mark) after an atom; returns where the next atom starts. */
  const afterAtom = (at: number, frame: Frame): number => {
    const quantifier = quantifierAt(at);
    if (!quantifier) return at;
    if (quantifier.unbounded) frame.unbounded = true;
    return source[quantifier.end] === '?' ? quantifier.end + 1 : quantifier.end;
  };
  let i = 0;
  while (i < source.length) {
    const frame = frames[frames.length - 1]!;
    const char = source[i];
    if (char === '\\') {
      i = afterAtom(i + 2, frame);
    } else if (char === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = afterAtom(j + 1, frame);
    } else if (char === '(') {
      frames.push({ unbounded: false });
      i++;
      if (source[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') i = source.indexOf('>', i) + 1;
        else i += source[i] === '<' ? 2 : 1;
      }
    } else if (char === ')') {
      const closed = frames.length > 1 ? frames.pop()! : { unbounded: false };
      const parent = frames[frames.length - 1]!;
      const quantifier = quantifierAt(i + 1);
      if (quantifier?.unbounded && closed.unbounded) return true;
      if (closed.unbounded) parent.unbounded = true;
      i = afterAtom(i + 1, parent);
    } else {
      i = afterAtom(i + 1, frame);
    }
  }
  return false;
}
