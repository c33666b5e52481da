/** The report for people: where, what, the line with the secret masked, and what to do. */
import type { Finding, Note, ScanResult } from '../types.js';

export type ScanMode = 'staged' | 'files' | 'history';

export interface TextOptions {
  readonly mode: ScanMode;
  readonly color: boolean;
  readonly verbose: boolean;
  readonly configFile: string;
  /** How the user runs leakgate (`npx leakgate` for a local install); `leakgate` by default. */
  readonly command?: string;
}

const SEVERITY_COLOR = { critical: 31, high: 31, medium: 33, low: 36 } as const;

export function textReport(result: ScanResult, options: TextOptions): string {
  const paint = (code: number, text: string): string => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const out: string[] = [];
  const { findings } = result;
  const where =
    options.mode === 'staged'
      ? 'in the staged changes'
      : options.mode === 'history'
        ? `in ${plural(result.stats.commits, 'commit')}`
        : `in ${plural(result.stats.files, 'file')}`;
  if (findings.length === 0) {
    out.push(`leakgate: no secrets found ${where}.`);
  } else {
    out.push(paint(1, `leakgate: ${plural(findings.length, 'secret')} found ${where}`), '');
    for (const finding of findings) out.push(...describe(finding, paint), '');
    out.push(...advice(findings, options));
  }
  if (result.policy.length > 0) {
    out.push('', paint(1, `Policy (${result.policy.length}; advice, does not block):`), '');
    for (const finding of result.policy) {
      out.push(`  ${finding.file}:${finding.line}  ${finding.title} ${paint(SEVERITY_COLOR[finding.severity], `[${finding.ruleId}]`)}`);
    }
  }
  out.push(...describeNotes(result.notes, options.verbose));
  return `${out.join('\n')}\n`;
}

function describe(finding: Finding, paint: (code: number, text: string) => string): string[] {
  const lines = [
    `  ${paint(1, `${finding.file}:${finding.line}:${finding.column}`)}  ${finding.title} ${paint(SEVERITY_COLOR[finding.severity], `[${finding.severity}]`)}`,
    `    rule     ${finding.ruleId} (confidence ${finding.confidence})`,
    `    secret   ${finding.secret}`,
  ];
  if (finding.context) lines.push(`    line     ${finding.context}`);
  if (finding.locations) lines.push(`    also at  ${finding.locations.slice(1).map((place) => `${finding.file}:${place.line}:${place.column}`).join(', ')}`);
  if (finding.decoded) lines.push(`    decoded  ${finding.decoded.join(' → ')}`);
  if (finding.commit) {
    const { commit, author, email, date, message } = finding.commit;
    const more = finding.commits !== undefined && finding.commits > 1 ? ` (first of ${finding.commits} commits adding it)` : '';
    lines.push(`    commit   ${commit.slice(0, 12)} ${author} <${email}> ${date}${more}`);
    if (message) lines.push(`    message  ${message}`);
  }
  lines.push(`    id       ${finding.fingerprint}`);
  return lines;
}

function advice(findings: readonly Finding[], options: TextOptions): string[] {
  const shown = findings.slice(0, 5);
  const lines = [
    'If a finding is a real secret: remove it, and rotate it, since anything committed or pushed may already be copied.',
    'If it is not a secret, allow it in one of these ways:',
    '  - add the comment `leakgate:allow` on its line;',
    `  - or record it in ${options.configFile} (and commit that file):`,
    '      ignore:',
  ];
  for (const finding of shown) {
    lines.push(
      `        - fingerprint: ${finding.fingerprint}`,
      `          rule: ${finding.ruleId}`,
      `          path: ${JSON.stringify(finding.file)}`,
      `          reason: <why this is not a secret>`,
    );
  }
  if (findings.length > shown.length) lines.push(`        # ...and the ids of the other ${findings.length - shown.length} findings above`);
  // A whole file, or one rule in a file: the first finding's, as an example.
  const first = findings[0]!;
  lines.push(
    '  - or stop scanning a file, or turn one rule off for it:',
    '      allow:',
    `        paths: [${JSON.stringify(first.file)}]`,
    '      rules:',
    `        ${first.ruleId}:`,
    '          allow:',
    `            paths: [${JSON.stringify(first.file)}]`,
  );
  if (options.mode === 'staged') {
    lines.push(`On a terminal, \`${options.command ?? 'leakgate'} review\` goes through the findings one by one and writes these entries for you.`);
    lines.push('', 'Commit blocked. After fixing, `git add` the files and commit again.');
    lines.push('To bypass this check once (not recommended): git commit --no-verify');
  }
  return lines;
}

function describeNotes(notes: readonly Note[], verbose: boolean): string[] {
  if (notes.length === 0) return [];
  const shown = verbose ? notes : notes.slice(0, 10);
  const lines = ['', `Skipped or noted (${notes.length}):`, ...shown.map((note) => `  ${note.path}: ${note.message}`)];
  if (shown.length < notes.length) lines.push(`  ...and ${notes.length - shown.length} more (--verbose lists them all)`);
  return lines;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
