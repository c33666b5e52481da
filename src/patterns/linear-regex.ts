/**
 * Patterns on a linear-time engine (pure). A pattern written in a config runs on
 * RE2 (the `re2js` port), which matches in time proportional to the input for
 * every pattern: there is no backtracking to make catastrophic, so a config from
 * any contributor cannot freeze a commit. What RE2 cannot run is refused when the
 * config is loaded, with the reason, instead of being run on a backtracking engine.
 *
 * The language is RE2's syntax (https://github.com/google/re2/wiki/Syntax) plus two
 * forms that stay linear and that token rules need:
 * - lookbehind without captures, `(?<![A-Za-z0-9])`, which re2js runs in linear time;
 * - one negative lookahead of a single character class at the very end of the
 *   pattern, `...(?![A-Za-z0-9_-])`, the usual "the token ends here" boundary. It is
 *   rewritten into an alternative that consumes that one character or the end of
 *   the text, `...()(?:[^A-Za-z0-9_-]|$)`, whose empty group marks where the match
 *   really ends; matching then resumes there, as it does after a lookahead.
 * Backreferences, other lookaheads and repeat counts above 1000 are refused.
 */
import { createRequire } from 'node:module';
import type * as Re2js from 're2js';

type RE2JS = Re2js.RE2JS;
let engine: typeof Re2js.RE2JS | undefined;

/**
 * re2js, loaded on first use: most scans have no pattern from a config, and loading
 * it costs about 20 ms of a commit hook's start. Loaded with require: the bundle
 * runs where dynamic import cannot.
 */
function re2(): typeof Re2js.RE2JS {
  return (engine ??= (createRequire(import.meta.url)('re2js') as typeof Re2js).RE2JS);
}

/** The pattern uses something the linear-time engine does not run. */
export class PatternRefused extends Error {
  override readonly name = 'PatternRefused';
}

/** Start and end offsets (UTF-16, as `String.prototype.slice` takes them) of each group; undefined when it did not take part. */
export type GroupSpans = readonly (readonly [number, number] | undefined)[];

export interface LinearRegex {
  readonly source: string;
  /** Capturing groups, as the pattern was written. */
  readonly groupCount: number;
  test(text: string): boolean;
  /** Every match, left to right, as the spans of group 0 (the match) and each group. */
  matchAll(text: string): Generator<GroupSpans>;
}

/** `flags` as a rule writes them: `i` (case-insensitive), `s` (`.` matches newlines). */
export function compileLinear(source: string, flags = ''): LinearRegex {
  const boundary = trailingBoundary(source);
  const written = boundary ? `${boundary.body}()(?:${boundary.notClass}|$)` : source;
  const RE2 = re2();
  let engineFlags = RE2.LOOKBEHINDS;
  if (flags.includes('i')) engineFlags |= RE2.CASE_INSENSITIVE;
  if (flags.includes('s')) engineFlags |= RE2.DOTALL;
  let compiled: RE2JS;
  try {
    compiled = RE2.compile(written, engineFlags);
  } catch (error) {
    throw new PatternRefused(refusal(source, (error as Error).message));
  }
  const groupCount = compiled.groupCount() - (boundary ? 1 : 0);
  return {
    source,
    groupCount,
    test: (text) => compiled.test(text),
    *matchAll(text) {
      const matcher = compiled.matcher(text);
      let from = 0;
      while (from <= text.length && matcher.find(from)) {
        const start = matcher.start(0);
        const end = boundary ? matcher.start(groupCount + 1) : matcher.end(0);
        const spans: ([number, number] | undefined)[] = [[start, end]];
        for (let group = 1; group <= groupCount; group++) {
          const at = matcher.start(group);
          spans.push(at < 0 ? undefined : [at, matcher.end(group)]);
        }
        yield spans;
        from = end > start ? end : end + 1;
      }
    },
  };
}

/** Whether `source` runs on the linear-time engine; the reason when it does not. */
export function linearProblem(source: string, flags = ''): string | undefined {
  try {
    compileLinear(source, flags);
    return undefined;
  } catch (error) {
    if (error instanceof PatternRefused) return error.message;
    throw error;
  }
}

/** RE2's parse error, said in terms of what the writer can change. */
function refusal(source: string, message: string): string {
  const detail = message.replace(/^error parsing regexp: /, '');
  if (/\(\?[=!]/.test(source) && /Perl syntax|named capture/.test(detail)) {
    return `uses a lookahead, which the linear-time engine (RE2) does not run; only one negative lookahead of a character class at the very end, like (?![A-Za-z0-9]), is accepted (${detail})`;
  }
  if (/\\[1-9]/.test(source) && /escape/.test(detail)) return `uses a backreference, which the linear-time engine (RE2) does not run (${detail})`;
  if (/repeat count/.test(detail)) return `has a repeat count above 1000, which the linear-time engine (RE2) does not run; use an open bound such as {20,} (${detail})`;
  return `does not compile on the linear-time engine (RE2): ${detail}`;
}

interface Boundary {
  /** The pattern without the lookahead. */
  readonly body: string;
  /** A class matching one character the lookahead forbids not. */
  readonly notClass: string;
}

/**
 * The trailing `(?![class])` of `source`, when it is the last thing in the pattern
 * and applies to every way of matching it: it may close groups (`(x(?![a-z]))`), but
 * no group it closes, nor the top level, may hold an alternation, where it would
 * bound one branch only.
 */
function trailingBoundary(source: string): Boundary | undefined {
  const match = /\(\?!(\[\^?)((?:\\.|[^\]\\])+)\]\)(\)*)$/s.exec(source);
  if (!match || escapedAt(source, match.index)) return undefined;
  const [, open, members, closers] = match as unknown as [string, string, string, string];
  if (members.startsWith(']')) return undefined;
  const before = source.slice(0, match.index);
  // The groups open at the lookahead, each with whether it has a top-level `|` so far.
  const open_: boolean[] = [false];
  for (let i = 0; i < before.length; i++) {
    const char = before[i];
    if (char === '\\') i++;
    else if (char === '[') {
      i++;
      if (before[i] === '^') i++;
      if (before[i] === ']') i++;
      while (i < before.length && before[i] !== ']') i += before[i] === '\\' ? 2 : 1;
    } else if (char === '(') open_.push(false);
    else if (char === ')') open_.pop();
    else if (char === '|') open_[open_.length - 1] = true;
  }
  // Only the groups the lookahead closes (and the top level) must be free of `|`.
  if (open_.length - 1 !== closers.length || open_.some(Boolean)) return undefined;
  return { body: before + closers, notClass: `[${open === '[' ? '^' : ''}${members}]` };
}

function escapedAt(source: string, index: number): boolean {
  let slashes = 0;
  for (let i = index - 1; i >= 0 && source[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}
