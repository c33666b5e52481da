/** The report for people: where, what, the line with the secret masked, and what to do. */
import { printable } from '../printable.js';
import type { Finding, Note, ScanResult } from '../types.js';

/** What was scanned: `message` is the commit message of the commit being made (the commit-msg hook). */
export type ScanMode = 'staged' | 'message' | 'files' | 'history';

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
  // Every string from a file, a commit or a config, shown with its control characters escaped.
  const findings = result.findings.map(shown);
  const policy = result.policy.map(shown);
  const notes = result.notes.map((note) => ({ ...note, path: printable(note.path), message: printable(note.message) }));
  const where =
    options.mode === 'staged'
      ? 'in the staged changes'
      : options.mode === 'message'
        ? 'in the commit message'
        : options.mode === 'history'
        ? `in ${plural(result.stats.commits, 'commit')}`
        : `in ${plural(result.stats.files, 'file')}`;
  if (findings.length === 0) {
    out.push(`leakgate: no secrets found ${where}${result.notes.some((note) => note.level !== undefined) ? ', but not everything could be scanned (below)' : ''}.`);
  } else {
    out.push(paint(1, `leakgate: ${plural(findings.length, 'secret')} found ${where}`), '');
    for (const finding of findings) out.push(...describe(finding, paint), '');
    out.push(...advice(result.findings, options));
  }
  if (policy.length > 0) {
    out.push('', paint(1, `Policy (${policy.length}; advice, does not block):`), '');
    for (const finding of policy) {
      out.push(`  ${finding.file}:${finding.line}  ${finding.title} ${paint(SEVERITY_COLOR[finding.severity], `[${finding.ruleId}]`)}`);
    }
  }
  out.push(...describeNotes(notes, options));
  return `${out.join('\n')}\n`;
}

function shown(finding: Finding): Finding {
  return {
    ...finding,
    ruleId: printable(finding.ruleId),
    title: printable(finding.title),
    file: printable(finding.file),
    secret: printable(finding.secret),
    context: printable(finding.context),
    ...(finding.decoded ? { decoded: finding.decoded.map(printable) } : {}),
    ...(finding.commit
      ? {
          commit: {
            commit: printable(finding.commit.commit),
            author: printable(finding.commit.author),
            email: printable(finding.commit.email),
            date: printable(finding.commit.date),
            ...(finding.commit.message !== undefined ? { message: printable(finding.commit.message) } : {}),
          },
        }
      : {}),
  };
}

/** Other places of a secret listed in the text report; a file may repeat one thousands of times. */
const MAX_OTHER_PLACES = 10;

function describe(finding: Finding, paint: (code: number, text: string) => string): string[] {
  const lines = [
    `  ${paint(1, `${finding.file}:${finding.line}:${finding.column}`)}  ${finding.title} ${paint(SEVERITY_COLOR[finding.severity], `[${finding.severity}]`)}`,
    `    rule     ${finding.ruleId} (confidence ${finding.confidence})`,
    `    secret   ${finding.secret}`,
  ];
  if (finding.context) lines.push(`    line     ${finding.context}`);
  if (finding.locations) {
    const others = finding.locations.slice(1);
    const shown = others.slice(0, MAX_OTHER_PLACES).map((place) => `${finding.file}:${place.line}:${place.column}`);
    const more = others.length - shown.length;
    lines.push(`    also at  ${shown.join(', ')}${more > 0 ? `, and ${more} more place${more === 1 ? '' : 's'} (--format json lists them all)` : ''}`);
  }
  if (finding.decoded) lines.push(`    decoded  ${finding.decoded.join(' → ')}`);
  if (finding.commit) {
    const { commit, author, email, date, message } = finding.commit;
    const more = finding.commits !== undefined && finding.commits > 1 ? ` (first of ${finding.commits} commits adding it)` : '';
    lines.push(`    commit   ${commit.slice(0, 12)} ${author} <${email}> ${date}${more}`);
    if (message) lines.push(`    message  ${message}`);
  }
  lines.push(`    id       ${finding.fingerprint ?? 'not computed (a guessable secret: --fingerprints computes it)'}`);
  return lines;
}

function advice(findings: readonly Finding[], options: TextOptions): string[] {
  const shown = findings.slice(0, 5);
  const lines = [
    'If a finding is a real secret: remove it, and rotate it, since anything committed or pushed may already be copied.',
    'If it is not a secret, allow it in one of these ways:',
    // A file's name has no line to comment.
    ...(findings.every((finding) => finding.inFileName) ? [] : ['  - add the comment `leakgate:allow` on its line;']),
    `  - or record it in ${options.configFile} (and commit that file):`,
    '      ignore:',
  ];
  for (const finding of shown) {
    if (finding.fingerprint === undefined) {
      lines.push(`        # ${printable(finding.file)}: its fingerprint is left out; \`${options.command ?? 'leakgate'} history --fingerprints\` prints it`);
      continue;
    }
    lines.push(
      `        - fingerprint: ${finding.fingerprint}`,
      `          rule: ${finding.ruleId}`,
      `          path: ${yamlString(finding.file)}`,
      `          reason: <why this is not a secret>`,
    );
  }
  if (findings.length > shown.length) lines.push(`        # ...and the ids of the other ${findings.length - shown.length} findings above`);
  // A whole file, or one rule in a file: the first finding's, as an example.
  const first = findings[0]!;
  lines.push(
    '  - or stop scanning a file, or turn one rule off for it:',
    '      allow:',
    `        paths: [${yamlString(first.file)}]`,
    '      rules:',
    `        ${printable(first.ruleId)}:`,
    '          allow:',
    `            paths: [${yamlString(first.file)}]`,
  );
  if (options.mode === 'staged') {
    lines.push(`On a terminal, \`${options.command ?? 'leakgate'} review\` goes through the findings one by one and writes these entries for you.`);
    lines.push('', 'Commit blocked. After fixing, `git add` the files and commit again.');
    lines.push('To bypass this check once (not recommended): git commit --no-verify');
  }
  if (options.mode === 'message') {
    lines.push('', 'Commit blocked: its message holds a secret. Remove it from the message and commit again.');
    lines.push('To bypass this check once (not recommended): git commit --no-verify');
  }
  return lines;
}

/**
 * A path as a YAML double-quoted string that reads back as the path itself: JSON
 * escapes C0 controls as `\u001b`, and the escapes `printable` writes for the rest
 * (`\x9B`, `\u202E`) are YAML escapes too.
 */
function yamlString(path: string): string {
  return printable(JSON.stringify(path));
}

function describeNotes(all: readonly Note[], options: TextOptions): string[] {
  const errors = all.filter((note) => note.level !== undefined);
  const notes = all.filter((note) => note.level === undefined);
  const lines: string[] = [];
  if (errors.length > 0) {
    // Never shortened: each one is content the scan did not check.
    lines.push('', `Not scanned (${errors.length}):`, ...errors.map((note) => `  ${note.path}: ${note.message}`));
    const skipped = errors.some((note) => note.level === 'unscanned');
    if (skipped) lines.push('  (to accept content left unscanned: --allow-skipped, or `allowSkipped: true` in the config)');
    if (options.mode === 'staged' || options.mode === 'message') {
      lines.push('', 'Commit blocked: part of it could not be scanned.', 'To bypass this check once (not recommended): git commit --no-verify');
    }
  }
  if (notes.length === 0) return lines;
  const shown = options.verbose ? notes : notes.slice(0, 10);
  lines.push('', `Skipped or noted (${notes.length}):`, ...shown.map((note) => `  ${note.path}: ${note.message}`));
  if (shown.length < notes.length) lines.push(`  ...and ${notes.length - shown.length} more (--verbose lists them all)`);
  return lines;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
