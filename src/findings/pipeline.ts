/**
 * From raw detector spans to reportable findings: locate, fingerprint, allowlist,
 * redact. Pure: the allowlist and options come in, findings go out.
 */
import type { Allowlist } from '../allowlist/match.js';
import { isDocumentedExample } from '../detectors/documented-examples.js';
import type { Finding, Fragment, RawFinding } from '../types.js';
import { dedupeOverlapping } from './dedupe.js';
import { fingerprint, legacyFingerprint } from './fingerprint.js';
import { LineMap } from './locate.js';
import { maskAll, redact } from './redact.js';
import type { SecretVault } from './vault.js';

export interface PipelineOptions {
  readonly allowlist: Allowlist;
  /** False only when the user asked for `--no-redact`. */
  readonly redact: boolean;
  /** Given only when the review screen may open: keeps each reported finding's clear secret apart from it. */
  readonly vault?: SecretVault;
  /** History: the commit's subject as reports show it (masked unless `--no-redact`), set on every finding of the fragment. */
  readonly subject?: string;
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
  for (const finding of raw) {
    if (isDocumentedExample(finding.secret)) continue;
    // Computed only when needed: the slow form of a fingerprint costs a fifth of a second.
    let prints: { current: string; legacy: string } | undefined;
    // A policy finding's "secret" names an object (`Secret/db`): nothing to hide, a fast hash.
    const kind = finding.policy ? 'name' : 'secret';
    const fingerprints = () =>
      (prints ??= {
        current: fingerprint(finding.ruleId, fragment.path, finding.secret, kind),
        legacy: legacyFingerprint(finding.ruleId, fragment.path, finding.secret),
      });
    const lines = lineMap.linesBetween(finding.start, finding.end);
    const allowed = options.allowlist.reason({
      ruleId: finding.ruleId,
      path: fragment.path,
      secret: finding.secret,
      lines,
      fingerprints,
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
      context: context(fragment, lines[0] ?? '', start.column - 1, finding, shown, redacting, raw.filter((other) => other !== finding && other.policy === undefined)),
      fingerprint: fingerprints().current,
      legacyFingerprints: [fingerprints().legacy],
      ...(finding.decoded ? { decoded: finding.decoded } : {}),
      ...(fragment.commit ? { commit: options.subject === undefined ? fragment.commit : { ...fragment.commit, message: options.subject } } : {}),
    };
    options.vault?.record(located, fragment, finding, raw);
    findings.push(located);
  }
  return findings;
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

function clip(text: string): string {
  return text.length > CONTEXT_CHARS ? `${text.slice(0, CONTEXT_CHARS - 1)}…` : text;
}
