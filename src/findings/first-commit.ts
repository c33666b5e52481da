/**
 * One finding per secret across history (pure). The same secret, for the same
 * rule, in the same file, is one finding however many commits add it: reported
 * at the first commit that added it, with the number of commits that did.
 *
 * "The same file" follows renames: paths joined by a rename anywhere in the
 * scanned history are one file, whatever the order in which commits were scanned
 * (parallel `git log` processes finish in any order; the union of renames does
 * not depend on it). The finding keeps the path and fingerprint of its first
 * commit; the fingerprints under the file's other names are its `aliases`, so a
 * baseline written from history also matches a scan of today's tree.
 *
 * "First" is the earliest position in the scanned commit list, which lists
 * parents before children (`git rev-list --topo-order --reverse`).
 */
import { fingerprint, legacyFingerprint } from './fingerprint.js';
import type { Finding } from '../types.js';

export interface Occurrence {
  readonly finding: Finding;
  /** In clear, memory only: never reported. */
  readonly secret: string;
  readonly commitIndex: number;
}

interface Group {
  first: Occurrence;
  readonly commits: Set<number>;
}

export class HistoryFindings {
  private readonly groups = new Map<string, Group>();
  private readonly parent = new Map<string, string>();

  add(occurrence: Occurrence): void {
    const group = this.groups.get(occurrence.finding.fingerprint);
    if (!group) {
      this.groups.set(occurrence.finding.fingerprint, { first: occurrence, commits: new Set([occurrence.commitIndex]) });
      return;
    }
    group.commits.add(occurrence.commitIndex);
    if (earlier(occurrence, group.first)) group.first = occurrence;
  }

  /** A rename (or copy) seen in some commit: `from` and `to` are the same file from now on. */
  rename(from: string, to: string): void {
    const a = this.root(from);
    const b = this.root(to);
    if (a !== b) this.parent.set(a < b ? b : a, a < b ? a : b);
  }

  get size(): number {
    return this.groups.size;
  }

  findings(): Finding[] {
    const merged = new Map<string, Group & { ruleId: string; secret: string }>();
    for (const group of this.groups.values()) {
      const { finding, secret } = group.first;
      const key = `${finding.ruleId}\0${secret}\0${this.root(finding.file)}`;
      const into = merged.get(key);
      if (!into) {
        merged.set(key, { first: group.first, commits: new Set(group.commits), ruleId: finding.ruleId, secret });
        continue;
      }
      for (const commit of group.commits) into.commits.add(commit);
      if (earlier(group.first, into.first)) into.first = group.first;
    }
    const members = this.components();
    const out: { finding: Finding; index: number }[] = [];
    for (const group of merged.values()) {
      const { finding, commitIndex } = group.first;
      const names = members.get(this.root(finding.file)) ?? [];
      const others = names.filter((path) => path !== finding.file);
      const aliases = others.map((path) => fingerprint(group.ruleId, path, group.secret)).sort();
      const legacyFingerprints = [
        ...(finding.legacyFingerprints ?? []),
        ...others.map((path) => legacyFingerprint(group.ruleId, path, group.secret)),
      ];
      out.push({
        finding: {
          ...finding,
          commits: group.commits.size,
          ...(aliases.length > 0 ? { aliases } : {}),
          ...(legacyFingerprints.length > 0 ? { legacyFingerprints } : {}),
        },
        index: commitIndex,
      });
    }
    out.sort(
      (a, b) =>
        a.index - b.index ||
        compare(a.finding.file, b.finding.file) ||
        a.finding.line - b.finding.line ||
        a.finding.column - b.finding.column ||
        compare(a.finding.ruleId, b.finding.ruleId),
    );
    return out.map((entry) => entry.finding);
  }

  private root(path: string): string {
    let root = path;
    for (let next = this.parent.get(root); next !== undefined; next = this.parent.get(root)) root = next;
    // Path compression keeps later lookups short.
    for (let at = path, next = this.parent.get(at); next !== undefined && next !== root; next = this.parent.get(at)) {
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }

  private components(): Map<string, string[]> {
    const members = new Map<string, string[]>();
    const paths = new Set([...this.parent.keys(), ...this.parent.values()]);
    for (const path of paths) {
      const root = this.root(path);
      const list = members.get(root);
      if (list) list.push(path);
      else members.set(root, [path]);
    }
    return members;
  }
}

function earlier(a: Occurrence, b: Occurrence): boolean {
  return (
    a.commitIndex < b.commitIndex ||
    (a.commitIndex === b.commitIndex &&
      (a.finding.line < b.finding.line || (a.finding.line === b.finding.line && a.finding.column < b.finding.column)))
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
