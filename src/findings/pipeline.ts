/**
 * From raw detector spans to reportable findings: locate, fingerprint, allowlist,
 * redact. Pure: the allowlist and options come in, findings go out.
 */
import type { Allowlist } from '../allowlist/match.js';
import type { Finding, Fragment, RawFinding } from '../types.js';
import { dedupeOverlapping } from './dedupe.js';
import { fingerprint } from './fingerprint.js';
import { LineMap } from './locate.js';
import { maskIn, redact } from './redact.js';

export interface PipelineOptions {
  readonly allowlist: Allowlist;
  /** False only when the user asked for `--no-redact`. */
  readonly redact: boolean;
}

/** Longest context line shown; a minified file must not flood the terminal. */
const CONTEXT_CHARS = 160;

export function processFindings(fragment: Fragment, raw: readonly RawFinding[], options: PipelineOptions): Finding[] {
  if (raw.length === 0) return [];
  const lineMap = new LineMap(fragment);
  const findings: Finding[] = [];
  for (const finding of dedupeOverlapping(raw)) {
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
    const shown = options.redact ? redact(finding.secret) : finding.secret;
    findings.push({
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
      context: context(lines[0] ?? '', start.column - 1, finding.secret.split('\n')[0] ?? '', shown, options.redact),
      fingerprint: print,
      ...(finding.decoded ? { decoded: finding.decoded } : {}),
      ...(fragment.commit ? { commit: fragment.commit } : {}),
    });
  }
  return findings;
}

/** The line where the secret starts, with it replaced by its redacted form (every occurrence). */
function context(line: string, column: number, secretPart: string, shown: string, redacting: boolean): string {
  let text = line.slice(0, column) + shown + line.slice(column + secretPart.length);
  if (redacting) text = maskIn(text, secretPart, shown);
  text = text.trim();
  return text.length > CONTEXT_CHARS ? `${text.slice(0, CONTEXT_CHARS - 1)}…` : text;
}
