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
 *
 * A finding may arrive with a provisional fingerprint (`PendingFingerprints`):
 * findings are grouped by what a fingerprint hashes (rule, path, secret), never
 * by the fingerprint itself, and `findings` settles every one, and computes the
 * aliases, before anything is reported; or, when the report is not to carry the
 * slow fingerprints (`all: false`), leaves those out and never computes them.
 */
import { legacyFingerprint, quickFingerprint } from './fingerprint.js';
import { isProvisional, PendingFingerprints } from './pending-fingerprints.js';
import type { Finding } from '../types.js';
import { withPlacesOf } from './dedupe.js';

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
    // What the fingerprint is a hash of: the same groups, whether it is known yet or not.
    const key = JSON.stringify([occurrence.finding.ruleId, occurrence.finding.file, occurrence.secret]);
    const group = this.groups.get(key);
    if (!group) {
      this.groups.set(key, { first: occurrence, commits: new Set([occurrence.commitIndex]) });
      return;
    }
    group.commits.add(occurrence.commitIndex);
    // Another window of the same file in the same commit: the same finding, more places.
    if (occurrence.commitIndex === group.first.commitIndex) group.first = { ...group.first, finding: withPlacesOf(group.first.finding, occurrence.finding) };
    else if (earlier(occurrence, group.first)) group.first = occurrence;
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

  /**
   * One finding per secret, in commit order, each with its real fingerprint:
   * `prints` settles the provisional ones it gave and computes the aliases, in
   * parallel off this thread. Rejects if any of them fails.
   */
  async findings(prints: PendingFingerprints = new PendingFingerprints(), { all = true }: { all?: boolean } = {}): Promise<Finding[]> {
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
    // Every fingerprint a report needs is asked for before any is awaited, so they are computed together.
    const pending = [...merged.values()].map((group) => {
      const { finding } = group.first;
      const names = members.get(this.root(finding.file)) ?? [];
      const others = names.filter((path) => path !== finding.file);
      if (!all) {
        // The cheap fingerprints only: a provisional id (from this thread or a detection thread) is left out.
        const print = finding.fingerprint === undefined || isProvisional(finding.fingerprint) ? undefined : finding.fingerprint;
        const quick = others.map((path) => quickFingerprint(group.ruleId, path, group.secret)).filter((alias): alias is string => alias !== undefined);
        return { group, others, print: Promise.resolve(print), aliases: Promise.resolve(print === undefined ? [] : quick) };
      }
      return {
        group,
        others,
        print: finding.fingerprint === undefined ? prints.of(group.ruleId, finding.file, group.secret) : prints.settle(finding.fingerprint),
        aliases: Promise.all(others.map((path) => prints.of(group.ruleId, path, group.secret))),
      };
    });
    // Provisional ids of occurrences that are not first of their group are settled too: a failed scrypt fails the scan.
    await Promise.all([prints.settled(), ...pending.flatMap((entry) => [entry.print, entry.aliases])]);
    const out: { finding: Finding; index: number }[] = [];
    for (const { group, others, print, aliases: computing } of pending) {
      const { finding, commitIndex } = group.first;
      const aliases = [...(await computing)].sort();
      const legacyFingerprints = [
        ...(finding.legacyFingerprints ?? []),
        ...others.map((path) => legacyFingerprint(group.ruleId, path, group.secret)),
      ];
      const fingerprint = await print;
      const { fingerprint: _provisional, ...rest } = finding;
      out.push({
        finding: {
          ...rest,
          ...(fingerprint !== undefined ? { fingerprint } : {}),
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
