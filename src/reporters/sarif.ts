/**
 * SARIF 2.1.0 (`--format sarif`), ready for code scanning upload: one result per
 * finding with `partialFingerprints` (the leakgate fingerprint, which never holds
 * the line, so an alert follows its secret when code moves), rules described
 * once, and the scan's notes as tool notifications. Pure.
 */
import type { Finding, Note, ScanResult, Severity } from '../types.js';
import { TOOL } from '../version.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (0-10) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
export const SARIF_FINGERPRINT_KEY = 'leakgateFingerprint/v1';

export function sarifReport(result: ScanResult): string {
  const all = [...result.findings, ...result.policy];
  const rules = [...new Map(all.map((finding) => [finding.ruleId, finding])).values()].sort((a, b) =>
    a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0,
  );
  const ruleIndex = new Map(rules.map((rule, index) => [rule.ruleId, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            rules: rules.map((rule) => ({
              id: rule.ruleId,
              name: rule.ruleId,
              shortDescription: { text: rule.title },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[rule.severity] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.notes.map(notification),
          },
        ],
        results: [
          ...result.findings.map((finding) => toResult(finding, ruleIndex.get(finding.ruleId) ?? 0, 'leak')),
          ...result.policy.map((finding) => toResult(finding, ruleIndex.get(finding.ruleId) ?? 0, 'policy')),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toResult(finding: Finding, ruleIndex: number, kind: 'leak' | 'policy') {
  const where = finding.commit ? ` (added in commit ${finding.commit.commit.slice(0, 12)})` : '';
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: kind === 'policy' ? 'note' : LEVEL[finding.severity],
    message: { text: `${finding.title}: ${finding.secret}${where}` },
    // A secret written more than once in the file is one result with all its places, the first first.
    locations: (finding.locations ?? [finding]).map((place) => ({
      physicalLocation: {
        artifactLocation: { uri: artifactUri(finding.file) },
        region: { startLine: place.line, startColumn: place.column, endLine: place.endLine, endColumn: place.endColumn },
      },
    })),
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      kind,
      confidence: finding.confidence,
      secret: finding.secret,
      ...(finding.decoded ? { decoded: finding.decoded } : {}),
      ...(finding.commit ?? {}),
      ...(finding.commits !== undefined ? { commits: finding.commits } : {}),
    },
  };
}

function notification(note: Note) {
  return { level: 'note', message: { text: `${note.path}: ${note.message}` } };
}

/** A relative URI: each path segment percent-encoded (spaces, `#`, `%`, non-ASCII). */
export function artifactUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
