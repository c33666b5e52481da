/**
 * The engine: sources in, findings out. Takes in-memory inputs (rules, config,
 * fragments); the CLI owns files, flags and exit codes.
 */
import { Allowlist } from './allowlist/match.js';
import type { Config, IgnoreEntry } from './allowlist/config.js';
import { CONCATENATED_KEY_RULE_ID, concatenatedKeyDetector } from './detectors/concatenated-key.js';
import { decodeDetector } from './detectors/decode.js';
import type { Detector, DetectorContext } from './detectors/detector.js';
import { ENTROPY_RULE_IDS, entropyDetector } from './detectors/entropy.js';
import { K8S_RULE_IDS, k8sDetector, type InnerScan } from './detectors/k8s/k8s.js';
import { KEY_STORE_RULE_ID, keyStoreDetector } from './detectors/key-store.js';
import { segmentLongLines } from './detectors/long-lines.js';
import { regexDetector } from './detectors/regex.js';
import { REGISTRY_AUTH_RULE_ID, registryAuthDetector } from './detectors/registry-auth.js';
import { RAILS_MASTER_KEY_RULE_ID, secretFileDetector, VAULT_PASSWORD_FILE_RULE_ID } from './detectors/secret-files.js';
import { processFindings } from './findings/pipeline.js';
import type { SecretVault } from './findings/vault.js';
import { ConfigError } from './errors.js';
import { compileRule, type RuleDefinition } from './patterns/rule.js';
import type { SourceItem } from './sources/source.js';
import type { Finding, Fragment, Note, RawFinding, ScanResult, ScanStats } from './types.js';

/** Rule ids that detectors report besides the rules in `patterns/` (a config may name them). */
export const DETECTOR_RULE_IDS: readonly string[] = [...ENTROPY_RULE_IDS, ...K8S_RULE_IDS, KEY_STORE_RULE_ID, REGISTRY_AUTH_RULE_ID, RAILS_MASTER_KEY_RULE_ID, VAULT_PASSWORD_FILE_RULE_ID, CONCATENATED_KEY_RULE_ID];

export interface Engine {
  /** Detectors that parse the file's structure; they run first, so their suppressions apply to the rest. */
  readonly structureDetectors: readonly Detector[];
  /** Detectors that read text line by line (long lines reach them in segments). */
  readonly textDetectors: readonly Detector[];
  readonly allowlist: Allowlist;
}

export function createEngine(bundled: readonly RuleDefinition[], config: Config): Engine {
  const allowlist = new Allowlist(config);
  const rules = withCustomRules(bundled, config);
  const enabled = rules.filter((rule) => !allowlist.ruleDisabled(rule.id)).map(compileRule);
  const textDetectors: Detector[] = [regexDetector(enabled)];
  if (!allowlist.ruleDisabled('generic-secret') || !allowlist.ruleDisabled('generic-password')) {
    textDetectors.push(entropyDetector());
  }
  if (!allowlist.ruleDisabled(REGISTRY_AUTH_RULE_ID)) textDetectors.push(registryAuthDetector);
  textDetectors.push(secretFileDetector);
  if (!allowlist.ruleDisabled(CONCATENATED_KEY_RULE_ID)) textDetectors.push(concatenatedKeyDetector);
  // Decoded text is scanned by the text detectors; a Secret's values also by the decoder.
  const inner: InnerScan = (text, path, context) => textDetectors.flatMap((detector) => detector({ path, text }, context));
  const decode = decodeDetector(inner);
  const k8s = k8sDetector((text, path, context) => [...inner(text, path, context), ...decode({ path, text }, context)]);
  return { structureDetectors: [k8s, keyStoreDetector], textDetectors: [...textDetectors, decode], allowlist };
}

/** The bundled rules and the config's `customRules`, whose ids may not clash. */
function withCustomRules(bundled: readonly RuleDefinition[], config: Config): readonly RuleDefinition[] {
  if (!config.customRules) return bundled;
  const ids = new Set(bundled.map((rule) => rule.id));
  for (const rule of config.customRules) {
    if (ids.has(rule.id)) {
      throw new ConfigError(`${rule.source}: rule ${rule.id}: field \`id\``, 'a bundled rule has this id; choose another (or configure the bundled one under `rules:`)');
    }
  }
  return [...bundled, ...config.customRules];
}

export interface Detection {
  readonly findings: RawFinding[];
  readonly notes: string[];
}

/** Every detector's raw findings for one fragment, less those in suppressed spans. */
export function detect(engine: Engine, fragment: Fragment): Detection {
  const notes: string[] = [];
  const suppressed: [number, number][] = [];
  const context: DetectorContext = {
    note: (message) => notes.push(message),
    suppress: (start, end) => suppressed.push([start, end]),
  };
  const segmented = segmentLongLines(fragment.text);
  const textFragment = segmented === fragment.text ? fragment : { ...fragment, text: segmented };
  let findings = [
    ...engine.structureDetectors.flatMap((detector) => detector(fragment, context)),
    ...engine.textDetectors.flatMap((detector) => detector(textFragment, context)),
  ];
  if (suppressed.length > 0) {
    findings = findings.filter((finding) => finding.policy === true || !suppressed.some(([start, end]) => finding.start >= start && finding.start < end));
  }
  return { findings, notes };
}

export interface ScanOptions {
  readonly redact: boolean;
  /** Filled with the clear secrets when the review screen may open (never given to reporters). */
  readonly vault?: SecretVault;
  /**
   * Whether to add the notes on the config's ignore entries (expired, stale). A
   * history scan runs `scan` once per batch and says them once itself.
   */
  readonly ignoreNotes?: boolean;
}

export async function scan(engine: Engine, items: AsyncIterable<SourceItem>, options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const findings: Finding[] = [];
  const policy: Finding[] = [];
  const notes: Note[] = [];
  /** Files scanned whole (not as a diff): where a stale ignore entry can be told from one on an unchanged line. */
  const wholeFiles = new Set<string>();
  const stats: ScanStats = { files: 0, bytes: 0, commits: 0, durationMs: 0 };
  for await (const item of items) {
    if ('note' in item) {
      notes.push(item.note);
      continue;
    }
    const { fragment } = item;
    if (engine.allowlist.pathAllowed(fragment.path)) continue;
    stats.files++;
    if (fragment.lineNumbers === undefined) wholeFiles.add(fragment.path);
    stats.bytes += fragment.text.length;
    const detection = detect(engine, fragment);
    for (const message of detection.notes) notes.push({ path: fragment.path, message });
    const processed = processFindings(fragment, detection.findings, {
      allowlist: engine.allowlist,
      redact: options.redact,
      ...(options.vault ? { vault: options.vault } : {}),
    });
    findings.push(...processed.findings);
    policy.push(...processed.policy);
  }
  if (options.ignoreNotes !== false) notes.push(...ignoreNotes(engine.allowlist, wholeFiles));
  stats.durationMs = Math.round(Date.now() - started);
  return { findings: findings.sort(byLocation), policy: policy.sort(byLocation), notes, stats };
}

/** Expired and stale `ignore` entries, so the maintainers can renew or remove them. */
export function ignoreNotes(allowlist: Allowlist, wholeFiles: ReadonlySet<string>): Note[] {
  const where = (entry: IgnoreEntry): string => allowlist.entryLocation(entry);
  return [
    ...allowlist.expiredEntries().map((entry) => ({
      path: where(entry),
      message: `ignore entry ${entry.fingerprint} expired on ${entry.expires}; its finding is reported again`,
    })),
    ...allowlist.staleEntries(wholeFiles).map((entry) => ({
      path: where(entry),
      message: `ignore entry ${entry.fingerprint} matches nothing in ${entry.path} any more (stale: remove it)`,
    })),
  ];
}

/** Reports list findings by file, then position, whatever order the source read them in. */
function byLocation(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
