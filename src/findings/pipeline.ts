/**
 * From raw detector spans to reportable findings: one per secret per file,
 * located, fingerprinted, allowlisted, redacted. Pure: the allowlist and options
 * come in, findings go out.
 */
import type { Allowlist } from '../allowlist/match.js';
import { isDocumentedExample } from '../detectors/documented-examples.js';
import type { Finding, Fragment, Location, RawFinding } from '../types.js';
import { dedupeOverlapping, groupBySecret, mostSpecific } from './dedupe.js';
import { fingerprint, legacyFingerprint, type FingerprintKind } from './fingerprint.js';
import { LineMap } from './locate.js';
import { maskAll, redact } from './redact.js';
import { SubstringIndex } from './substring-index.js';
import type { SecretVault } from './vault.js';

export interface PipelineOptions {
  readonly allowlist: Allowlist;
  /** False only when the user asked for `--no-redact`. */
  readonly redact: boolean;
  /** Given only when the review screen may open: keeps each reported finding's clear secret apart from it. */
  readonly vault?: SecretVault;
  /** History: the commit's subject as reports show it (masked unless `--no-redact`), set on every finding of the fragment. */
  readonly subject?: string;
  /**
   * How a reported finding's fingerprint is made when the allowlist did not need
   * it: `fingerprint` by default; a history scan gives `PendingFingerprints`'s,
   * which may answer with a provisional id that it settles before reporting.
   */
  readonly fingerprint?: (ruleId: string, path: string, secret: string, kind: FingerprintKind) => string;
}

/** Longest context line shown; a minified file must not flood the terminal. */
const CONTEXT_CHARS = 160;

export interface ProcessedFindings {
  readonly findings: Finding[];
  readonly policy: Finding[];
}

export function processFindings(fragment: Fragment, raw: readonly RawFinding[], options: PipelineOptions): ProcessedFindings {
  if (raw.length === 0) return { findings: [], policy: [] };
  const lineMap = new LineMap(fragment);
  const leaks = dedupeOverlapping(raw.filter((finding) => !finding.policy));
  const policy = dedupeOverlapping(raw.filter((finding) => finding.policy));
  return { findings: locateAll(fragment, leaks, lineMap, options, true), policy: locateAll(fragment, policy, lineMap, options, false) };
}

function locateAll(fragment: Fragment, raw: readonly RawFinding[], lineMap: LineMap, options: PipelineOptions, grouped: boolean): Finding[] {
  const findings: Finding[] = [];
  // The other findings on a line, found in the line's length rather than by trying
  // each: by their secret, and by the text their span covers (an encoded form).
  let secrets: SubstringIndex<RawFinding> | undefined;
  const othersOn = (line: string, finding: RawFinding): RawFinding[] => {
    if (!secrets) {
      secrets = new SubstringIndex();
      for (const other of raw) {
        if (other.policy !== undefined) continue;
        for (const text of [other.secret, fragment.text.slice(other.start, other.end)]) {
          for (const part of text.split('\n')) if (part.length >= 4) secrets.add(part, other);
        }
      }
    }
    return [...new Set(secrets.occurringIn(line))].filter((other) => other !== finding);
  };
  let longest: number | undefined;
  // A policy finding's "secret" names an object (`Secret/db`): each stays its own finding.
  for (const group of grouped ? groupBySecret(raw) : raw.map((finding) => [finding])) {
    // The group is reported under the rule that names the secret best, at its first place not allowed.
    const named = mostSpecific(group);
    if (isDocumentedExample(named.secret)) continue;
    // Computed only when needed: the slow form of a fingerprint costs a fifth of a second.
    let prints: { current: string; legacy: string } | undefined;
    // A policy finding's "secret" names an object: nothing to hide, a fast hash.
    const kind = named.policy ? 'name' : 'secret';
    // The allowlist decides now (an ignore entry may match): the real fingerprint, on this thread.
    const fingerprints = () =>
      (prints ??= {
        current: fingerprint(named.ruleId, fragment.path, named.secret, kind),
        legacy: legacyFingerprint(named.ruleId, fragment.path, named.secret),
      });
    // A reported finding's may be settled later (`PipelineOptions.fingerprint`).
    const reported = () =>
      prints ?? {
        current: (options.fingerprint ?? fingerprint)(named.ruleId, fragment.path, named.secret, kind),
        legacy: legacyFingerprint(named.ruleId, fragment.path, named.secret),
      };
    // The verdict depends on the lines only (rule, path and secret are the group's): asked once a
    // line, so a secret repeated thousands of times on one long line is not judged on it each time.
    const allowedOn = new Map<string, boolean>();
    const occurrences = group.filter((occurrence) => {
      const lines = lineMap.lineRange(occurrence.start, occurrence.end);
      let allowed = allowedOn.get(lines);
      if (allowed === undefined) {
        allowed = Boolean(
          // A file's name is no line of the file: a `leakgate:allow` in a name allows nothing.
          options.allowlist.reason({ ruleId: named.ruleId, path: fragment.path, secret: named.secret, lines: fragment.fileName ? [] : lineMap.linesBetween(occurrence.start, occurrence.end), fingerprints }),
        );
        allowedOn.set(lines, allowed);
      }
      return !allowed;
    });
    const first = occurrences[0];
    if (!first) continue;
    const places = occurrences.map((occurrence) => locate(lineMap, occurrence));
    const place = places[0]!;
    const redacting = options.redact && !named.policy;
    const shown = redacting ? redact(named.secret) : named.secret;
    const line = shownPart(lineMap.linesBetween(first.start, first.end)[0] ?? '', (longest ??= longestTarget(raw)));
    const print = reported();
    const located: Finding = {
      ruleId: named.ruleId,
      title: fragment.fileName ? `${named.title}, in the file's name` : named.title,
      severity: named.severity,
      confidence: named.confidence,
      file: fragment.path,
      ...place,
      secret: shown,
      context: context(fragment, line, place.column - 1, first, shown, redacting, redacting ? othersOn(line, first) : []),
      fingerprint: print.current,
      legacyFingerprints: [print.legacy],
      ...(places.length > 1 ? { locations: places } : {}),
      ...(first.decoded ? { decoded: first.decoded } : {}),
      ...(fragment.fileName ? { inFileName: true as const } : {}),
      ...(fragment.commit ? { commit: options.subject === undefined ? fragment.commit : { ...fragment.commit, message: options.subject } } : {}),
    };
    options.vault?.record(located, fragment, first, raw);
    findings.push(located);
  }
  return findings;
}

function locate(lineMap: LineMap, finding: RawFinding): Location {
  const start = lineMap.position(finding.start);
  const end = lineMap.position(Math.max(finding.start, finding.end - 1));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column + 1 };
}

/**
 * The line where the finding starts, its span replaced by the redacted secret
 * (the span may hold an encoded form of the secret), and every other occurrence
 * of the secret masked too: in clear, or encoded as in any finding's span.
 */
function context(
  fragment: Fragment,
  line: string,
  column: number,
  finding: RawFinding,
  shown: string,
  redacting: boolean,
  /** The fragment's other findings: another secret on the same line is masked too. */
  others: readonly RawFinding[] = [],
): string {
  if (!redacting) return clip(line.trim());
  const text = line.slice(0, column) + shown + line.slice(Math.min(line.length, column + finding.end - finding.start));
  return clip(maskAll(text, maskTargets(fragment, [finding, ...others])).trim());
}

/** What to mask for `findings`: each secret, and the text its span covers (its encoded form). */
export function maskTargets(fragment: Pick<Fragment, 'text'>, findings: readonly RawFinding[]): { secret: string; span: string }[] {
  return findings.map((finding) => ({ secret: finding.secret, span: fragment.text.slice(finding.start, finding.end) }));
}

/**
 * The part of a line the context can show: its first `CONTEXT_CHARS` characters after the
 * indentation, once masked. A mask stands for at most `longest` characters, so no more than
 * `CONTEXT_CHARS + 1` times that (and one more secret that starts inside) reaches the clip: the
 * rest is never read. Masking a line of megabytes whole, for each finding on it, took minutes.
 */
function shownPart(line: string, longest: number): string {
  const keep = line.length - line.trimStart().length + (CONTEXT_CHARS + 2) * Math.max(1, longest);
  return line.length <= keep ? line : line.slice(0, keep);
}

/** The longest text any finding of the fragment masks: a secret, or the span it was found in. */
function longestTarget(raw: readonly RawFinding[]): number {
  let longest = 1;
  for (const finding of raw) longest = Math.max(longest, finding.secret.length, finding.end - finding.start);
  return longest;
}

function clip(text: string): string {
  return text.length > CONTEXT_CHARS ? `${text.slice(0, CONTEXT_CHARS - 1)}…` : text;
}
