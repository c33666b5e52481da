/**
 * Keyword prefilter: one pass over the text finds which rules can possibly match,
 * so only those run their (much costlier) regexes.
 *
 * Two strategies with the same answers. First, a single case-insensitive regex: a
 * lookahead over all keywords at every position, longest keyword first; it costs
 * nothing to build, which is what a pre-commit hook scanning a few hundred lines
 * needs. Once more than AUTOMATON_AFTER characters have gone through one index (a
 * history, a large tree), it builds an Aho-Corasick automaton (a few
 * milliseconds), which reads text about three times faster (measured on the
 * history benchmark's added lines).
 */
import { KeywordAutomaton } from './keyword-automaton.js';

/** Characters scanned before the index builds its automaton. */
export const AUTOMATON_AFTER = 1 << 20;

export class KeywordIndex {
  private readonly search: RegExp | undefined;
  /** Lower-cased keyword → ids of the rules it belongs to. */
  private readonly owners = new Map<string, Set<number>>();
  /** Filled on first sight: a keyword → its rules and those of every keyword that is a prefix of it. */
  private readonly rulesByKeyword = new Map<string, readonly number[]>();
  private scanned = 0;
  private automaton: KeywordAutomaton | undefined;

  constructor(keywordsByRule: readonly (readonly string[])[]) {
    const { owners } = this;
    keywordsByRule.forEach((keywords, ruleId) => {
      for (const keyword of keywords) {
        if (!/^[\x20-\x7e]+$/.test(keyword)) throw new Error(`keyword "${keyword}" is not printable ASCII`);
        const folded = keyword.toLowerCase();
        if (!owners.has(folded)) owners.set(folded, new Set());
        owners.get(folded)!.add(ruleId);
      }
    });
    const keywords = [...owners.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.search = keywords.length === 0 ? undefined : new RegExp(`(?=(${keywords.map(escapeRegExp).join('|')}))`, 'gi');
  }

  /** Ids of the rules with at least one keyword in `text` (ignoring ASCII case). */
  matchingRules(text: string): Set<number> {
    if (this.automaton) return this.automaton.matchingRules(text);
    this.scanned += text.length;
    if (this.scanned > AUTOMATON_AFTER && this.search) {
      this.automaton = new KeywordAutomaton(this.owners);
      return this.automaton.matchingRules(text);
    }
    return this.searchMatches(text);
  }

  /** The regex strategy (the automaton's oracle in tests). */
  searchMatches(text: string): Set<number> {
    const found = new Set<number>();
    const { search } = this;
    if (!search) return found;
    let seen: Set<string> | undefined;
    // exec on the one regex, not matchAll, which clones it on every call: this
    // runs once per fragment, tens of thousands of times in a history scan.
    search.lastIndex = 0;
    for (let match = search.exec(text); match !== null; match = search.exec(text)) {
      // The lookahead matches empty: step past it by hand.
      search.lastIndex = match.index + 1;
      const keyword = match[1]!.toLowerCase();
      if (seen?.has(keyword)) continue;
      (seen ??= new Set()).add(keyword);
      for (const id of this.rulesFor(keyword)) found.add(id);
    }
    return found;
  }

  /**
   * At a given position the lookahead reports only the longest keyword that
   * matches there; every shorter keyword that is a prefix of it matches too.
   */
  private rulesFor(keyword: string): readonly number[] {
    let ids = this.rulesByKeyword.get(keyword);
    if (!ids) {
      const set = new Set<number>();
      for (let length = 1; length <= keyword.length; length++) {
        for (const id of this.owners.get(keyword.slice(0, length)) ?? []) set.add(id);
      }
      ids = [...set];
      this.rulesByKeyword.set(keyword, ids);
    }
    return ids;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
