/**
 * The engine: sources in, findings out. Takes in-memory inputs (rules, config,
 * fragments); the CLI owns files, flags and exit codes.
 */
import { Allowlist } from '../allowlist/match.js';
import type { Config, IgnoreEntry } from '../allowlist/config.js';
import { CONCATENATED_KEY_RULE_ID, concatenatedKeyDetector } from '../detectors/concatenated-key.js';
import { decodeDetector } from '../detectors/decode.js';
import type { Detector, DetectorContext } from '../detectors/detector.js';
import { ENTROPY_RULE_IDS, entropyDetector } from '../detectors/entropy.js';
import { K8S_RULE_IDS, k8sDetector, type InnerScan } from '../detectors/k8s/k8s.js';
import { KEY_STORE_RULE_ID, keyStoreDetector } from '../detectors/key-store.js';
import { segmentedFindings } from '../detectors/long-lines.js';
import { regexDetector } from '../detectors/regex.js';
import type { Candidate } from '../detectors/verdict.js';
import { REGISTRY_AUTH_RULE_ID, registryAuthDetector } from '../detectors/registry-auth.js';
import { RAILS_MASTER_KEY_RULE_ID, secretFileDetector, VAULT_PASSWORD_FILE_RULE_ID } from '../detectors/secret-files.js';
import { withPlacesOf } from '../findings/dedupe.js';
import { isProvisional, PendingFingerprints } from '../findings/pending-fingerprints.js';
import { maskTargets, processFindings, type PipelineOptions } from '../findings/pipeline.js';
import { maskAll } from '../findings/redact.js';
import type { SecretVault } from '../findings/vault.js';
import { ConfigError } from '../errors.js';
import { compileRule, type RuleDefinition } from '../patterns/rule.js';
import type { SourceItem } from '../sources/source.js';
import { COMMIT_MESSAGE_PATH, type Finding, type Fragment, type Note, type RawFinding, type ScanResult, type ScanStats } from '../types.js';

/** Rule ids that detectors report besides the rules in `patterns/` (a config may name them). */
export const DETECTOR_RULE_IDS: readonly string[] = [...ENTROPY_RULE_IDS, ...K8S_RULE_IDS, KEY_STORE_RULE_ID, REGISTRY_AUTH_RULE_ID, RAILS_MASTER_KEY_RULE_ID, VAULT_PASSWORD_FILE_RULE_ID, CONCATENATED_KEY_RULE_ID];

export interface Engine {
  /** Detectors that parse the file's structure; they run first, so their suppressions apply to the rest. */
  readonly structureDetectors: readonly Detector[];
  /** Detectors that read text line by line (long lines reach them in segments). */
  readonly textDetectors: readonly Detector[];
  /**
   * What runs on a binary's printable strings (`Fragment.printable`): the rules of
   * `patterns/`, each a fixed prefix or structure (and a checksum where the format
   * has one). Not the entropy, decoding or structure detectors, which would read
   * noise as secrets.
   */
  readonly printableDetectors: readonly Detector[];
  readonly allowlist: Allowlist;
}

export function createEngine(bundled: readonly RuleDefinition[], config: Config): Engine {
  const allowlist = new Allowlist(config);
  const rules = withCustomRules(bundled, config);
  // A config's own rules run on the linear-time engine: a pattern from any contributor cannot hang a scan.
  const custom = new Set<RuleDefinition>(config.customRules ?? []);
  const enabled = rules.filter((rule) => !allowlist.ruleDisabled(rule.id)).map((rule) => compileRule(rule, custom.has(rule) ? 'linear' : 'native'));
  const regex = regexDetector(enabled);
  const textDetectors: Detector[] = [regex];
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
  return { structureDetectors: [k8s, keyStoreDetector], textDetectors: [...textDetectors, decode], printableDetectors: [regex], allowlist };
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

/**
 * Every detector's raw findings for one fragment, less those in suppressed spans.
 * `candidate` (given by `leakgate explain`) is told every candidate the generic detector judged.
 */
export function detect(engine: Engine, fragment: Fragment, candidate?: (candidate: Candidate) => void): Detection {
  const notes: string[] = [];
  const suppressed: [number, number][] = [];
  const context: DetectorContext = {
    note: (message) => notes.push(message),
    suppress: (start, end) => suppressed.push([start, end]),
    ...(candidate ? { candidate } : {}),
  };
  const text = (detectors: readonly Detector[]): RawFinding[] => segmentedFindings(fragment, (segment) => detectors.flatMap((detector) => detector(segment, context)));
  let findings = fragment.printable || fragment.fileName
    ? text(engine.printableDetectors)
    : [...engine.structureDetectors.flatMap((detector) => detector(fragment, context)), ...text(engine.textDetectors)];
  if (fragment.owned !== undefined) {
    const [from, to] = fragment.owned;
    findings = findings.filter((finding) => finding.start >= from && finding.start < to);
  }
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
  /**
   * The repository's config file (`.leakgate.yaml`) when the items are changes (a
   * commit being made, commits in history): a change that edits the config is
   * scanned with the allowlists, ignore entries and limits it brings, so it can
   * allow its own secrets; a note says so, once per commit, for a reviewer to check.
   */
  readonly changedConfig?: string;
  /** How reported findings are fingerprinted (see `PipelineOptions.fingerprint`). */
  readonly fingerprint?: PipelineOptions['fingerprint'];
  /** Where detection runs when not on this thread (worker threads, for a large scan). */
  readonly detection?: FragmentDetection;
}

/**
 * Detection elsewhere (`scanFragment` on worker threads): fragments go in as the
 * source yields them, results come back in any order, and the scan lists them as
 * if each had been scanned here in turn.
 */
export interface FragmentDetection {
  /** Takes `fragment`; returns a promise when the scan must wait for room (backpressure). `done` gets the result. */
  submit(fragment: Fragment, done: (result: FragmentScan) => void): Promise<void> | undefined;
  /** Resolves once every submitted fragment is done; rejects when one could not be scanned. */
  drain(): Promise<void>;
}

/** A config line that allows nothing: a comment, a blank, a section or an empty list (what `leakgate init` writes). */
const ALLOWS_NOTHING = /^\s*(?:#.*|(?:allow|rules|ignore|paths|regexes|stopwords|disable|customRules|limits)\s*:\s*(?:\[\s*\])?\s*(?:#.*)?)?$/;

/** Whether the config's added lines can allow something (the template `init` writes cannot). */
function mayAllow(addedLines: string): boolean {
  return addedLines.split('\n').some((line) => !ALLOWS_NOTHING.test(line));
}

/** The note for a change that edits the config its own scan runs with. */
function configChangeNote(fragment: Fragment, file: string): Note {
  const commit = fragment.commit?.commit;
  const where = commit !== undefined ? `commit ${commit.slice(0, 12)} changes` : 'the commit changes';
  return {
    path: file,
    message: `${where} the config it is scanned with: what it allows (allow, ignore, rules, limits, allowSkipped) applies to the same change; review it before trusting a clean result`,
  };
}

export async function scan(engine: Engine, items: AsyncIterable<SourceItem>, options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  /** What each item gave, in the order the items came: a fragment's part is filled when its detection is done. */
  const parts: Part[] = [];
  /** Files scanned whole (not as a diff): where a stale ignore entry can be told from one on an unchanged line. */
  const wholeFiles = new Set<string>();
  const stats: ScanStats = { files: 0, bytes: 0, commits: 0, durationMs: 0 };
  const windowed = new Set<string>();
  /** Commits (by id; '' for the one being made) whose config change is noted. */
  const configChanges = new Set<string>();
  // Fingerprints of guessable secrets (a fifth of a second of scrypt each) are
  // computed off this thread, on as many cores as `fingerprint.ts` allows, while
  // the scan goes on, and settled before the result leaves: a commit with twenty
  // hand-written passwords waits for them side by side, not one after another.
  // A caller that brings its own (history batches) or detection threads (which
  // compute theirs themselves) keeps its way.
  const prints = options.fingerprint === undefined && options.detection === undefined ? new PendingFingerprints() : undefined;
  const fragmentOptions = prints ? { ...options, fingerprint: prints.fingerprint } : options;
  for await (const item of items) {
    const rank = item.rank ?? 0;
    if ('note' in item) {
      parts.push({ rank, notes: [item.note] });
      continue;
    }
    const { fragment } = item;
    if (options.changedConfig !== undefined && fragment.path === options.changedConfig && mayAllow(fragment.text)) {
      const key = fragment.commit?.commit ?? '';
      if (!configChanges.has(key)) parts.push({ rank, notes: [configChangeNote(fragment, options.changedConfig)] });
      configChanges.add(key);
    }
    if (engine.allowlist.pathAllowed(fragment.path)) continue;
    const isMessage = fragment.path === COMMIT_MESSAGE_PATH && fragment.commitMessage !== undefined;
    if (!isMessage && !fragment.fileName) {
      // A file scanned in windows is one file.
      const windowKey = fragment.owned ? `${fragment.commit?.commit ?? ''}\0${fragment.path}` : undefined;
      if (windowKey === undefined || !windowed.has(windowKey)) stats.files++;
      if (windowKey !== undefined) windowed.add(windowKey);
      if (fragment.lineNumbers === undefined) wholeFiles.add(fragment.path);
    }
    stats.bytes += fragment.text.length;
    if (options.detection) {
      const part: Part = { rank, detected: true };
      parts.push(part);
      const room = options.detection.submit(fragment, (result) => (part.result = result));
      if (room) await room;
    } else {
      parts.push({ rank, result: scanFragment(engine, fragment, fragmentOptions) });
    }
  }
  await options.detection?.drain();
  const listed = listParts(parts);
  if (prints) await settleFingerprints(prints, listed.findings);
  if (options.ignoreNotes !== false) listed.notes.push(...ignoreNotes(engine.allowlist, wholeFiles));
  stats.durationMs = Math.round(Date.now() - started);
  return { findings: oneFindingPerSecret(listed.findings.sort(byLocation), options.vault), policy: listed.policy.sort(byLocation), notes: listed.notes, stats };
}

/**
 * Gives each finding its real fingerprint in place of the provisional id it was
 * reported with. In place: the review screen's vault knows findings by identity.
 * Rejects (the scan fails) if any fingerprint could not be computed.
 */
async function settleFingerprints(prints: PendingFingerprints, findings: Finding[]): Promise<void> {
  if (prints.size === 0) return;
  await Promise.all(
    findings.map(async (finding) => {
      const print = finding.fingerprint;
      if (print !== undefined && isProvisional(print)) (finding as { fingerprint: string }).fingerprint = await prints.settle(print);
    }),
  );
  await prints.settled();
}

/**
 * One finding per secret per file, across the windows a large file is scanned in (and any
 * other fragments of one file): findings of the same rule, file, commit and fingerprint are
 * one, at the first place, with every place in `locations`. `findings` is sorted by place.
 * The merged finding keeps the vault's view of its secret: a history scan groups its
 * findings by that secret, and a provisional fingerprint is only unique within one thread.
 */
function oneFindingPerSecret(findings: Finding[], vault?: SecretVault): Finding[] {
  const first = new Map<string, number>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const key = JSON.stringify([finding.file, finding.commit?.commit ?? '', finding.ruleId, finding.fingerprint]);
    const at = first.get(key);
    if (at === undefined) {
      first.set(key, kept.length);
      kept.push(finding);
    } else {
      const view = vault?.get(kept[at]!) ?? vault?.get(finding);
      kept[at] = withPlacesOf(kept[at]!, finding);
      if (view) vault?.adopt(kept[at]!, view);
    }
  }
  return kept.length === findings.length ? findings : kept;
}

/** What one item gave the scan: its notes, or its fragment's findings once detected. */
interface Part {
  readonly rank: number;
  readonly notes?: readonly Note[];
  /** A fragment whose detection ran elsewhere: it must have a result. */
  readonly detected?: true;
  result?: FragmentScan;
}

/**
 * The parts' notes and findings, by rank (`SourceItem.rank`), each rank in the
 * order its items came: findings are sorted by place afterwards, stably, so among
 * findings at one place the lower rank comes first.
 */
function listParts(parts: Part[]): FragmentScan {
  const ranked = parts.some((part) => part.rank !== parts[0]!.rank) ? [...parts].sort((a, b) => a.rank - b.rank) : parts;
  const listed: FragmentScan = { findings: [], policy: [], notes: [] };
  for (const part of ranked) {
    // Fail closed: a fragment without its result would pass unscanned.
    if (part.detected && !part.result) throw new Error('detection ended without scanning every fragment');
    if (part.notes) listed.notes.push(...part.notes);
    if (part.result) {
      listed.notes.push(...part.result.notes);
      listed.findings.push(...part.result.findings);
      listed.policy.push(...part.result.policy);
    }
  }
  return listed;
}

/** The findings and notes of one fragment. */
export interface FragmentScan {
  readonly findings: Finding[];
  readonly policy: Finding[];
  /** What the detectors said about the fragment. */
  readonly notes: Note[];
}

/** Detection and the findings pipeline for one fragment: what `scan` does with each (here, or on a detection thread). */
export function scanFragment(engine: Engine, named: Fragment, options: Pick<ScanOptions, 'redact' | 'vault' | 'fingerprint'>): FragmentScan {
  const detection = detect(engine, named);
  // A token in a file's name: everything downstream (reports, fingerprints, ignore
  // entries, the review screen) knows the file by its path with the token masked,
  // with --no-redact too, so that an entry written once matches on every run.
  const fragment = named.fileName && detection.findings.length > 0 ? { ...named, path: maskAll(named.text, maskTargets(named, detection.findings)) } : named;
  // `allow.paths` as the advice writes it: the masked path (the path in clear was tested before detection).
  if (fragment !== named && engine.allowlist.pathAllowed(fragment.path)) return { findings: [], policy: [], notes: [] };
  const notes = detection.notes.map((message) => ({ path: fragment.path, message }));
  const subject =
    fragment.commitMessage !== undefined && detection.findings.length > 0 ? shownSubject(engine, fragment, detection.findings, options.redact) : undefined;
  const processed = processFindings(fragment, detection.findings, {
    allowlist: engine.allowlist,
    redact: options.redact,
    ...(options.vault ? { vault: options.vault } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
  });
  return { findings: processed.findings, policy: processed.policy, notes };
}

/** Masked subjects by commit, per engine: a commit with findings in many files has its message scanned once. */
const subjects = new WeakMap<Engine, Map<string, string>>();
const SUBJECTS_KEPT = 1024;

/**
 * The subject line shown with `fragment`'s findings: with every secret masked that
 * the detectors find in the commit's whole message (in clear or encoded), and any of
 * the fragment's own secrets (a password found by its name in a file, repeated in
 * the subject without it). In clear only with `--no-redact`.
 */
function shownSubject(engine: Engine, fragment: Fragment, found: readonly RawFinding[], redact: boolean): string {
  const message = fragment.commitMessage!;
  const subject = message.split('\n', 1)[0]!;
  if (!redact) return subject;
  const key = fragment.commit?.commit ?? message;
  let cache = subjects.get(engine);
  if (!cache) subjects.set(engine, (cache = new Map()));
  let masked = cache.get(key);
  if (masked === undefined) {
    const messageFragment: Fragment = { path: COMMIT_MESSAGE_PATH, text: message };
    const inMessage = fragment.path === COMMIT_MESSAGE_PATH && fragment.text === message ? found : detect(engine, messageFragment).findings;
    masked = maskAll(subject, maskTargets(messageFragment, inMessage));
    if (cache.size >= SUBJECTS_KEPT) cache.delete(cache.keys().next().value!);
    cache.set(key, masked);
  }
  return maskAll(masked, maskTargets(fragment, found));
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
