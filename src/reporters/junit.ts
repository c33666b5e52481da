/**
 * JUnit XML (`--format junit`), for CI systems that show test reports: one failed
 * test case per finding, named by file and rule, or one passing case when nothing
 * was found. Pure.
 */
import { printableLines } from '../printable.js';
import type { Finding, ScanResult } from '../types.js';
import { TOOL } from '../version.js';

export function junitReport(result: ScanResult, suite: string): string {
  const { findings } = result;
  const seconds = (result.stats.durationMs / 1000).toFixed(3);
  const cases =
    findings.length === 0
      ? [`    <testcase classname="${TOOL.name}" name="no secrets found" time="${seconds}"/>`]
      : findings.map(testCase);
  const count = Math.max(1, findings.length);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${TOOL.name}" tests="${count}" failures="${findings.length}" errors="0" time="${seconds}">`,
    `  <testsuite name="${escape(`${TOOL.name} ${suite}`)}" tests="${count}" failures="${findings.length}" errors="0" skipped="0" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(finding: Finding): string {
  const details = [
    `${finding.file}:${finding.line}:${finding.column}`,
    `rule: ${finding.ruleId} (severity ${finding.severity}, confidence ${finding.confidence})`,
    `secret: ${finding.secret}`,
    ...(finding.context ? [`line: ${finding.context}`] : []),
    ...(finding.decoded ? [`decoded: ${finding.decoded.join(' -> ')}`] : []),
    ...(finding.commit
      ? [`commit: ${finding.commit.commit} ${finding.commit.author} <${finding.commit.email}> ${finding.commit.date}`]
      : []),
    ...(finding.commit?.message ? [`message: ${finding.commit.message}`] : []),
    ...(finding.commits !== undefined ? [`commits: ${finding.commits}`] : []),
    ...(finding.fingerprint !== undefined ? [`id: ${finding.fingerprint}`] : []),
  ].join('\n');
  return [
    `    <testcase classname="${escape(finding.file)}" name="${escape(`${finding.ruleId} at ${finding.file}:${finding.line}`)}">`,
    `      <failure type="${escape(finding.ruleId)}" message="${escape(`${finding.title}: ${finding.secret}`)}">${escape(details)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/**
 * XML-escapes text. Control characters (which XML 1.0 cannot hold, or a CI log
 * would obey) are shown as escapes first (`printableLines`), so the report stays
 * valid XML and a file name keeps a visible trace of them; what XML still cannot
 * hold (a lone surrogate) is dropped.
 */
export function escape(text: string): string {
  return printableLines(text)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
