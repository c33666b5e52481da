/** The JSON report (`--format json`), exactly the contract in DESIGN.md. */
import type { Finding, ScanResult } from '../types.js';
import { TOOL } from '../version.js';

export function jsonReport(result: ScanResult): string {
  const report = {
    version: 1,
    tool: TOOL,
    findings: result.findings.map(toJson),
    policy: result.policy.map(toJson),
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
    fingerprint: finding.fingerprint,
    ...(finding.locations ? { locations: finding.locations } : {}),
    ...(finding.decoded ? { decoded: finding.decoded } : {}),
    ...(finding.commit ?? {}),
    ...(finding.commits !== undefined ? { commits: finding.commits } : {}),
  };
}
