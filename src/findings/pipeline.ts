/**
 * From raw detector spans to reportable findings: one per secret per file,
 * located, fingerprinted, allowlisted, redacted. Pure: the allowlist and options
 * come in, findings go out.
 */
import type { Allowlist } from '../allowlist/match.js';
import { isDocumentedExample } from '../detectors/documented-examples.js';
import type { Finding, Fragment, Location, RawFinding } from '../types.js';
import { dedupeOverlapping, groupBySecret, mostSpecific } from './dedupe.js';
import { fingerprint } from './fingerprint.js';
import { LineMap } from './locate.js';
import { maskIn, redact } from './redact.js';
import type { SecretVault } from './vault.js';

export interface PipelineOptions {
  readonly allowlist: Allowlist;
  /** False only when the user asked for `--no-redact`. */
  readonly redact: boolean;
  /** Given only when the review screen may open: keeps each reported finding's clear secret apart from it. */
  readonly vault?: SecretVault;
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
  // A policy finding's "secret" names an object (`Secret/db`): each stays its own finding.
  for (const group of grouped ? groupBySecret(raw) : raw.map((finding) => [finding])) {
    // The group is reported under the rule that names the secret best, at its first place not allowed.
    const named = mostSpecific(group);
    if (isDocumentedExample(named.secret)) continue;
    const print = fingerprint(named.ruleId, fragment.path, named.secret);
    const occurrences = group.filter(
      (occurrence) =>
        !options.allowlist.reason({
          ruleId: named.ruleId,
          path: fragment.path,
          secret: named.secret,
          lines: lineMap.linesBetween(occurrence.start, occurrence.end),
          fingerprint: print,
        }),
    );
    const first = occurrences[0];
    if (!first) continue;
    const places = occurrences.map((occurrence) => locate(lineMap, occurrence));
    const place = places[0]!;
    const redacting = options.redact && !named.policy;
    const shown = redacting ? redact(named.secret) : named.secret;
    const line = lineMap.linesBetween(first.start, first.end)[0] ?? '';
    const located: Finding = {
      ruleId: named.ruleId,
      title: named.title,
      severity: named.severity,
      confidence: named.confidence,
      file: fragment.path,
      ...place,
      secret: shown,
      context: context(line, place.column - 1, first.end - first.start, named.secret, shown, redacting, raw.filter((other) => other.secret !== named.secret && other.policy === undefined)),
      fingerprint: print,
      ...(places.length > 1 ? { locations: places } : {}),
      ...(first.decoded ? { decoded: first.decoded } : {}),
      ...(fragment.commit ? { commit: fragment.commit } : {}),
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
 * (the span may hold an encoded form of the secret), and any other occurrence of
 * the secret masked too.
 */
function context(
  line: string,
  column: number,
  spanLength: number,
  secret: string,
  shown: string,
  redacting: boolean,
  /** The fragment's other findings: another secret on the same line is masked too. */
  others: readonly RawFinding[] = [],
): string {
  if (!redacting) return clip(line.trim());
  let text = line.slice(0, column) + shown + line.slice(Math.min(line.length, column + spanLength));
  for (const part of secret.split('\n')) if (part.length >= 4) text = maskIn(text, part, shown);
  for (const other of others) {
    for (const part of other.secret.split('\n')) if (part.length >= 4) text = maskIn(text, part, redact(other.secret));
  }
  return clip(text.trim());
}

function clip(text: string): string {
  return text.length > CONTEXT_CHARS ? `${text.slice(0, CONTEXT_CHARS - 1)}…` : text;
}
