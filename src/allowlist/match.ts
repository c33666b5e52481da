/**
 * Allowlist matching (pure). Each check answers "is this finding allowed, and why",
 * so reporters can say what suppressed what. The one piece of state is a record of
 * which `ignore` entries matched something, for reporting the stale ones.
 */
import { Minimatch } from 'minimatch';
import { shannonEntropy } from '../detectors/entropy-math.js';
import type { AllowSettings, Config, IgnoreEntry, RuleSettings } from './config.js';

/** The inline markers that allow a finding on their line (`gitleaks:allow` for teams migrating). */
export const INLINE_ALLOW = /\b(?:leakgate|gitleaks):allow\b/;

export interface Candidate {
  readonly ruleId: string;
  readonly path: string;
  readonly secret: string;
  /** The source lines the secret spans. */
  readonly lines: readonly string[];
  /** The finding's fingerprint and its `lg1:` form, computed on first call (the slow form is costly). */
  readonly fingerprints: () => { readonly current: string; readonly legacy: string };
}

export type AllowReason =
  | 'inline'
  | 'path'
  | 'regex'
  | 'stopword'
  | 'rule-disabled'
  /** Outside the rule's `paths`, or inside its own `allow.paths`. */
  | 'rule-path'
  /** Below the rule's `entropy` threshold. */
  | 'threshold'
  | 'ignore';

/** An `allow:` block ready to match. */
class AllowMatcher {
  private readonly paths: readonly Minimatch[];

  constructor(private readonly settings: AllowSettings) {
    this.paths = settings.paths.map(glob);
  }

  /**
   * An archive member (`dist/app.jar!lib/x.properties`) is allowed with its
   * archive: the glob may name the member's whole path or any archive around it.
   */
  pathAllowed(path: string): boolean {
    if (this.paths.length === 0) return false;
    if (this.paths.some((matcher) => matcher.match(path))) return true;
    for (let cut = path.indexOf('!'); cut > 0; cut = path.indexOf('!', cut + 1)) {
      const outer = path.slice(0, cut);
      if (this.paths.some((matcher) => matcher.match(outer))) return true;
    }
    return false;
  }

  /** Regex and stopword checks (paths are checked apart, before reading a file). */
  contentReason(candidate: Candidate): 'regex' | 'stopword' | undefined {
    for (const { pattern, target } of this.settings.regexes) {
      if (target === 'secret' ? pattern.test(candidate.secret) : candidate.lines.some((line) => pattern.test(line))) {
        return 'regex';
      }
    }
    const lower = candidate.secret.toLowerCase();
    if (this.settings.stopwords.some((word) => lower.includes(word))) return 'stopword';
    return undefined;
  }
}

class RuleMatcher {
  private readonly scope: readonly Minimatch[] | undefined;
  private readonly allow: AllowMatcher | undefined;

  constructor(private readonly settings: RuleSettings) {
    this.scope = settings.paths?.map(glob);
    this.allow = settings.allow && new AllowMatcher(settings.allow);
  }

  reason(candidate: Candidate): AllowReason | undefined {
    if (this.scope && !this.scope.some((matcher) => matcher.match(candidate.path))) return 'rule-path';
    if (this.allow?.pathAllowed(candidate.path)) return 'rule-path';
    if (this.settings.entropy !== undefined && shannonEntropy(candidate.secret) < this.settings.entropy) return 'threshold';
    return this.allow?.contentReason(candidate);
  }
}

export class Allowlist {
  private readonly global: AllowMatcher;
  private readonly rules: ReadonlyMap<string, RuleMatcher>;
  private readonly ignoreByFingerprint: Map<string, IgnoreEntry>;
  /** Whether some live entry names no rule or no path: then any finding may match one. */
  private readonly ignoreUnscoped: boolean;
  /** Rule and path of the live entries that name both (`JSON.stringify([rule, path])`). */
  private readonly ignoreScopes: ReadonlySet<string>;
  private readonly matchedFingerprints = new Set<string>();

  constructor(
    private readonly config: Config,
    private readonly today: string = new Date().toISOString().slice(0, 10),
  ) {
    this.global = new AllowMatcher({ paths: config.allowPaths, regexes: config.allowRegexes, stopwords: config.stopwords });
    this.rules = new Map([...(config.rules ?? [])].map(([id, settings]) => [id, new RuleMatcher(settings)]));
    const live = config.ignore.filter((entry) => !isExpired(entry, today));
    this.ignoreByFingerprint = new Map(live.map((entry) => [entry.fingerprint, entry]));
    this.ignoreUnscoped = live.some((entry) => entry.rule === undefined || entry.path === undefined);
    this.ignoreScopes = new Set(live.filter((entry) => entry.rule !== undefined && entry.path !== undefined).map((entry) => JSON.stringify([entry.rule, entry.path])));
  }

  /** Whether a whole file is allowlisted, so sources can skip reading it. */
  pathAllowed(path: string): boolean {
    return this.global.pathAllowed(path);
  }

  ruleDisabled(ruleId: string): boolean {
    return this.config.disabledRules.has(ruleId);
  }

  /** Why `candidate` is allowed, or undefined when it must be reported. */
  reason(candidate: Candidate): AllowReason | undefined {
    // Recorded whatever else allows the finding: the entry still describes a secret that exists.
    const ignored = this.ignoredBy(candidate);
    if (ignored) this.matchedFingerprints.add(ignored.fingerprint);
    if (candidate.lines.some((line) => INLINE_ALLOW.test(line))) return 'inline';
    if (this.ruleDisabled(candidate.ruleId)) return 'rule-disabled';
    if (this.pathAllowed(candidate.path)) return 'path';
    const rule = this.rules.get(candidate.ruleId)?.reason(candidate);
    if (rule) return rule;
    if (ignored) return 'ignore';
    return this.global.contentReason(candidate);
  }

  /**
   * The `ignore` entry for `candidate`, in either fingerprint form. The fingerprint
   * (a fifth of a second of scrypt for a guessable secret) is computed only when an
   * entry could match: one that names the candidate's rule and path, or one that
   * names neither or only one of them. An entry's `rule` and `path`, when given,
   * must be its finding's, as the review screen and the report's advice write them.
   */
  private ignoredBy(candidate: Candidate): IgnoreEntry | undefined {
    if (this.ignoreByFingerprint.size === 0) return undefined;
    if (!this.ignoreUnscoped && !this.ignoreScopes.has(JSON.stringify([candidate.ruleId, candidate.path]))) return undefined;
    const { current, legacy } = candidate.fingerprints();
    return this.ignoreByFingerprint.get(current) ?? this.ignoreByFingerprint.get(legacy);
  }

  /** Fingerprints of the `ignore` entries that matched a finding (a scan on a detection thread hands them to the main thread's allowlist). */
  matchedIgnores(): string[] {
    return [...this.matchedFingerprints];
  }

  /** Counts `ignore` entries matched by another allowlist on the same config (see `matchedIgnores`). */
  addMatchedIgnores(fingerprints: Iterable<string>): void {
    for (const fingerprint of fingerprints) this.matchedFingerprints.add(fingerprint);
  }

  /** Where `entry` sits in the config (`file:line: ignore[i]`), for notes about it. */
  entryLocation(entry: IgnoreEntry): string {
    const index = this.config.ignore.indexOf(entry);
    return this.config.ignoreWhere?.[index] ?? this.config.file ?? '.leakgate.yaml';
  }

  /** Entries past their `expires` date: their findings are reported again. */
  expiredEntries(): IgnoreEntry[] {
    return this.config.ignore.filter((entry) => isExpired(entry, this.today));
  }

  /**
   * Entries that match nothing any more. Only entries whose `path` was scanned as a
   * whole file can be judged: a diff shows only the added lines, and a secret on an
   * unchanged line is still there.
   */
  staleEntries(wholeFilesScanned: ReadonlySet<string>): IgnoreEntry[] {
    return this.config.ignore.filter(
      (entry) =>
        entry.path !== undefined &&
        wholeFilesScanned.has(entry.path) &&
        !isExpired(entry, this.today) &&
        !this.matchedFingerprints.has(entry.fingerprint),
    );
  }
}

function glob(pattern: string): Minimatch {
  return new Minimatch(pattern, { dot: true });
}

function isExpired(entry: IgnoreEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires < today;
}
