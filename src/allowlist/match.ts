/**
 * Allowlist matching (pure). Each check answers "is this finding allowed, and why",
 * so reporters can say what suppressed what.
 */
import { Minimatch } from 'minimatch';
import type { Config, IgnoreEntry } from './config.js';

/** The inline markers that allow a finding on their line (`gitleaks:allow` for teams migrating). */
export const INLINE_ALLOW = /\b(?:leakgate|gitleaks):allow\b/;

export interface Candidate {
  readonly ruleId: string;
  readonly path: string;
  readonly secret: string;
  /** The source lines the secret spans. */
  readonly lines: readonly string[];
  readonly fingerprint: string;
}

export type AllowReason = 'inline' | 'path' | 'regex' | 'stopword' | 'rule-disabled' | 'ignore';

export class Allowlist {
  private readonly pathMatchers: readonly Minimatch[];
  private readonly ignoreByFingerprint: Map<string, IgnoreEntry>;

  constructor(
    private readonly config: Config,
    private readonly today: string = new Date().toISOString().slice(0, 10),
  ) {
    this.pathMatchers = config.allowPaths.map((glob) => new Minimatch(glob, { dot: true }));
    this.ignoreByFingerprint = new Map(
      config.ignore.filter((entry) => !isExpired(entry, today)).map((entry) => [entry.fingerprint, entry]),
    );
  }

  /** Whether a whole file is allowlisted, so sources can skip reading it. */
  pathAllowed(path: string): boolean {
    return this.pathMatchers.some((matcher) => matcher.match(path));
  }

  ruleDisabled(ruleId: string): boolean {
    return this.config.disabledRules.has(ruleId);
  }

  /** Why `candidate` is allowed, or undefined when it must be reported. */
  reason(candidate: Candidate): AllowReason | undefined {
    if (candidate.lines.some((line) => INLINE_ALLOW.test(line))) return 'inline';
    if (this.ruleDisabled(candidate.ruleId)) return 'rule-disabled';
    if (this.pathAllowed(candidate.path)) return 'path';
    if (this.ignoreByFingerprint.has(candidate.fingerprint)) return 'ignore';
    for (const { pattern, target } of this.config.allowRegexes) {
      if (target === 'secret' ? pattern.test(candidate.secret) : candidate.lines.some((line) => pattern.test(line))) {
        return 'regex';
      }
    }
    const lower = candidate.secret.toLowerCase();
    if (this.config.stopwords.some((word) => lower.includes(word))) return 'stopword';
    return undefined;
  }

  expiredEntries(): IgnoreEntry[] {
    return this.config.ignore.filter((entry) => isExpired(entry, this.today));
  }
}

function isExpired(entry: IgnoreEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires < today;
}
