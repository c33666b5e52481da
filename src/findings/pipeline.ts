/**
 * From raw detector spans to reportable findings: locate, fingerprint, allowlist,
 * redact. Pure: the allowlist and options come in, findings go out.
 */
import type { Allowlist } from '../allowlist/match.js';
import { isDocumentedExample } from '../detectors/documented-examples.js';
import type { Finding, Fragment, RawFinding } from '../types.js';
import { dedupeOverlapping } from './dedupe.js';
import { fingerprint } from './fingerprint.js';
import { LineMap } from './locate.js';
import { maskIn, redact } from './redact.js';
import { SubstringIndex } from './substring-index.js';
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
  return { findings: locateAll(fragment, leaks, lineMap, options), policy: locateAll(fragment, policy, lineMap, options) };
}

function locateAll(fragment: Fragment, raw: readonly RawFinding[], lineMap: LineMap, options: PipelineOptions): Finding[] {
  const findings: Finding[] = [];
  // The other secrets that occur on a line, found in the line's length rather than by trying each.
  let secrets: SubstringIndex<RawFinding> | undefined;
  const othersOn = (line: string, finding: RawFinding): RawFinding[] => {
    if (!secrets) {
      secrets = new SubstringIndex();
      for (const other of raw) {
        if (other.policy !== undefined) continue;
        for (const part of other.secret.split('\n')) if (part.length >= 4) secrets.add(part, other);
      }
    }
    return secrets.occurringIn(line).filter((other) => other !== finding);
  };
  for (const finding of raw) {
    if (isDocumentedExample(finding.secret)) continue;
    const print = fingerprint(finding.ruleId, fragment.path, finding.secret);
    const lines = lineMap.linesBetween(finding.start, finding.end);
    const allowed = options.allowlist.reason({
      ruleId: finding.ruleId,
      path: fragment.path,
      secret: finding.secret,
      lines,
      fingerprint: print,
    });
    if (allowed) continue;
    const start = lineMap.position(finding.start);
    const end = lineMap.position(Math.max(finding.start, finding.end - 1));
    // A policy finding's "secret" names an object (`Secret/db`), not a secret.
    const redacting = options.redact && !finding.policy;
    const shown = redacting ? redact(finding.secret) : finding.secret;
    const located: Finding = {
      ruleId: finding.ruleId,
      title: finding.title,
      severity: finding.severity,
      confidence: finding.confidence,
      file: fragment.path,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column + 1,
      secret: shown,
      context: context(lines[0] ?? '', start.column - 1, finding.end - finding.start, finding.secret, shown, redacting, redacting ? othersOn(lines[0] ?? '', finding) : []),
      fingerprint: print,
      ...(finding.decoded ? { decoded: finding.decoded } : {}),
      ...(fragment.commit ? { commit: fragment.commit } : {}),
    };
    options.vault?.record(located, fragment, finding, raw);
    findings.push(located);
  }
  return findings;
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
