import type { Finding, Location, RawFinding } from '../types.js';

const SEVERITY_RANK = { critical: 3, high: 2, medium: 1, low: 0 } as const;
const CONFIDENCE_RANK = { high: 2, medium: 1, low: 0 } as const;
const GENERIC = /^generic-/;

/**
 * One finding per secret and place: when spans overlap (several rules matching the
 * same token, or the entropy detector seeing what a format rule already named), the
 * most specific wins: a named format over a generic rule, then confidence, severity,
 * the longer span, the one that says how it was decoded and, last, the rule id,
 * so the choice is stable.
 */
export function dedupeOverlapping(findings: readonly RawFinding[]): RawFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawFinding[] = [];
  for (const finding of sorted) {
    // `kept` stays sorted and free of overlaps, and no kept span starts after this one,
    // so only the last kept span can overlap it: one comparison, not one per finding.
    const last = kept[kept.length - 1];
    if (last === undefined || !(finding.start < last.end && last.start < finding.end)) kept.push(finding);
    else if (better(finding, last)) kept[kept.length - 1] = finding;
  }
  return kept;
}

/**
 * One finding per secret per file: the fragment's findings (already free of
 * overlaps) grouped by their secret, each group in file order. A token pasted
 * twice is one secret to rotate, so it is one finding with two locations.
 */
export function groupBySecret(findings: readonly RawFinding[]): RawFinding[][] {
  const groups = new Map<string, RawFinding[]>();
  for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
    const group = groups.get(finding.secret);
    if (group) group.push(finding);
    else groups.set(finding.secret, [finding]);
  }
  return [...groups.values()];
}

/** The finding of a group that names its secret best (the same order as for overlapping spans). */
export function mostSpecific(group: readonly RawFinding[]): RawFinding {
  return group.reduce((best, finding) => (better(finding, best) ? finding : best));
}

function better(a: RawFinding, b: RawFinding): boolean {
  const key = (f: RawFinding): number[] => [
    GENERIC.test(f.ruleId) ? 0 : 1,
    CONFIDENCE_RANK[f.confidence],
    SEVERITY_RANK[f.severity],
    f.end - f.start,
    f.decoded?.length ?? 0,
  ];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! > kb[i]!;
  return a.ruleId < b.ruleId;
}

/**
 * One finding for `kept` and `other` (the same secret, rule and file, found in two
 * windows of a large file): the one at the first place, with both's places in
 * `locations`, each once, in file order.
 */
export function withPlacesOf(kept: Finding, other: Finding): Finding {
  const places = new Map<string, Location>();
  for (const place of [...placesOf(kept), ...placesOf(other)]) places.set(`${place.line}:${place.column}`, place);
  // The finding is the one at the first place (windows may be detected out of order).
  const base = other.line < kept.line || (other.line === kept.line && other.column < kept.column) ? other : kept;
  if (places.size <= 1) return base;
  return { ...base, locations: [...places.values()].sort((a, b) => a.line - b.line || a.column - b.column) };
}

function placesOf(finding: Finding): readonly Location[] {
  return finding.locations ?? [{ line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn }];
}
