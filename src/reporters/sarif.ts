/**
 * SARIF 2.1.0 (`--format sarif`), ready for code scanning upload: one result per
 * finding with `partialFingerprints` (the leakgate fingerprint, which never holds
 * the line, so an alert follows its secret when code moves), rules described
 * once, and the scan's notes as tool notifications. Pure.
 *
 * Code scanning shows a rule's shortDescription as the alert's title, its help
 * beside every alert, and its helpUri as a link: the rule's own words (its title,
 * what it finds, how to rotate and how to allow), never one finding's message.
 */
import type { DetectorRuleInfo } from '../detectors/rule-info.js';
import type { Finding, Note, ScanResult, Severity } from '../types.js';
import { HOMEPAGE, TOOL } from '../version.js';

/** What a report says of a rule, apart from its findings. */
export interface RuleInfo {
  readonly title: string;
  /** What a finding of the rule is; the title and provider make one when absent. */
  readonly description?: string;
  /** The provider's documentation of the credential (`docs:` of a rule). */
  readonly docs?: string;
  readonly provider?: string;
  /** A policy rule: a practice to change, not a leaked secret. */
  readonly policy?: boolean;
}

export type RuleCatalog = ReadonlyMap<string, RuleInfo>;

/** The catalog of provider rules (`patterns/*.yaml`, a config's custom rules) and the detectors' own. */
export function ruleCatalog(
  specs: readonly { readonly id: string; readonly title: string; readonly docs?: string; readonly provider?: string }[],
  detectorRules: Readonly<Record<string, DetectorRuleInfo>>,
): RuleCatalog {
  const catalog = new Map<string, RuleInfo>(Object.entries(detectorRules));
  for (const { id, title, docs, provider } of specs) catalog.set(id, { title, ...(docs ? { docs } : {}), ...(provider ? { provider } : {}) });
  return catalog;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (0-10) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
export const SARIF_FINGERPRINT_KEY = 'leakgateFingerprint/v1';

export function sarifReport(result: ScanResult, catalog: RuleCatalog = new Map()): string {
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
            informationUri: HOMEPAGE,
            rules: rules.map((finding) => describeRule(finding, catalog.get(finding.ruleId))),
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

/** A rule's metadata; a rule missing from the catalog is described by its id, never by a finding's message. */
function describeRule(finding: Finding, info: RuleInfo | undefined) {
  const { ruleId, severity } = finding;
  const title = info?.title ?? ruleId;
  const family = info?.provider ? ` of the ${info.provider} rules` : '';
  const description =
    info?.description ?? `${title}: a value in this format (rule ${ruleId}${family}). Whoever can read the text where it was found can use it until it is revoked.`;
  const help = ruleHelp(ruleId, title, description, info);
  return {
    id: ruleId,
    name: ruleId,
    shortDescription: { text: title },
    fullDescription: { text: description },
    help,
    ...(info?.docs ? { helpUri: info.docs } : {}),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: info?.policy ? ['security', 'policy'] : ['security', 'secret'],
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
}

/** What it is, what to do about it (rotate, or fix the practice), and how to allow a finding that is not a secret. */
function ruleHelp(ruleId: string, title: string, description: string, info: RuleInfo | undefined): { text: string; markdown: string } {
  const docs = info?.docs;
  /** The same sentences as plain text and as Markdown (code spans, a link). */
  const write = (code: (text: string) => string, link: (url: string) => string): string[] => [
    info?.policy
      ? `Change the practice: change the manifest as the finding says${docs ? ` (${link(docs)})` : ''}.`
      : `Rotate it: a secret that reached a commit is leaked. Revoke it where it was issued${docs ? ` (${link(docs)})` : ''}, issue a new one, and keep the new one out of the repository (an environment variable or a secret manager). Deleting the line does not remove the secret from history.`,
    `If it is not a secret: allow it in ${code('.leakgate.yaml')}, with an ${code('ignore:')} entry holding the finding's fingerprint and a reason (${code('leakgate review')} writes it), ${code('allow.paths')} for files such as test fixtures, or ${code(`rules.${ruleId}.allow.paths`)} to turn this rule off for some files; or put ${code('leakgate:allow')} in a comment on the line.`,
  ];
  const text = [title, description, ...write((t) => t, (url) => url)].join('\n\n');
  const markdown = [`**${title}** (\`${ruleId}\`)`, description, ...write((t) => `\`${t}\``, (url) => `[documentation](${url})`)].join('\n\n');
  return { text, markdown };
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
    // Left out of a history report that did not compute a guessable secret's (code scanning then derives its own).
    ...(finding.fingerprint !== undefined ? { partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint } } : {}),
    properties: {
      kind,
      confidence: finding.confidence,
      secret: finding.secret,
      ...(finding.decoded ? { decoded: finding.decoded } : {}),
      ...(finding.inFileName ? { inFileName: true } : {}),
      ...(finding.commit ?? {}),
      ...(finding.commits !== undefined ? { commits: finding.commits } : {}),
    },
  };
}

function notification(note: Note) {
  // Content that could not be scanned fails the scan (exit 2): an error, not a remark.
  return { level: note.level === undefined ? 'note' : 'error', message: { text: `${note.path}: ${note.message}` } };
}

/** A relative URI: each path segment percent-encoded (spaces, `#`, `%`, non-ASCII). */
export function artifactUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
