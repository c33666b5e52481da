/** The JSON report (`--format json`), exactly the contract in DESIGN.md. */
import type { Finding, ScanResult } from '../types.js';
import { TOOL } from '../version.js';

export function jsonReport(result: ScanResult): string {
  // What could not be scanned (the reason for exit 2), present only when there is some.
  const notScanned = result.notes.filter((note) => note.level !== undefined).map(({ path, message, level }) => ({ path, message, level }));
  const report = {
    version: 1,
    tool: TOOL,
    findings: result.findings.map(toJson),
    policy: result.policy.map(toJson),
    ...(notScanned.length > 0 ? { notScanned } : {}),
    stats: result.stats,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function toJson(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    confidence: finding.confidence,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    secret: finding.secret,
    ...(finding.fingerprint !== undefined ? { fingerprint: finding.fingerprint } : {}),
    ...(finding.locations ? { locations: finding.locations } : {}),
    ...(finding.decoded ? { decoded: finding.decoded } : {}),
    ...(finding.inFileName ? { inFileName: true } : {}),
    ...(finding.commit ?? {}),
    ...(finding.commits !== undefined ? { commits: finding.commits } : {}),
  };
}
