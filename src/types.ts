/**
 * The data that flows through the pipeline. Plain readonly values: no methods,
 * no I/O, so every stage can be tested with literals.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Confidence = 'high' | 'medium' | 'low';

/** Commit metadata, present on fragments and findings from history scans. */
export interface CommitInfo {
  readonly commit: string;
  readonly author: string;
  readonly email: string;
  readonly date: string;
  /** The commit's subject line (history scans). */
  readonly message?: string;
}

/**
 * A piece of text to scan and where it came from.
 *
 * `text` holds the lines to scan joined by `\n`. For a whole file those are all
 * its lines; for a diff they are only the added lines, so `lineNumbers[i]` gives
 * the 1-based line in the file (as staged or committed) of the i-th line of `text`.
 * When `lineNumbers` is absent, line i of `text` is line i + 1 of the file.
 */
export interface Fragment {
  /** Path relative to the repository root (or scanned directory), `/`-separated. */
  readonly path: string;
  readonly text: string;
  readonly lineNumbers?: readonly number[];
  /** Object id of the staged or committed blob. */
  readonly blob?: string;
  /**
   * The whole file, when `text` holds only added lines and the file is one that
   * structure-aware detectors parse (YAML, JSON: see `wantsWholeFile`). Those
   * detectors parse it, and report only findings on lines in `lineNumbers`.
   */
  readonly wholeFile?: string;
  /**
   * The file is binary and `text` is empty: sources pass on only binaries that are
   * secrets by their type (key stores, see `isKeyStore`), for detectors to report.
   */
  readonly binary?: boolean;
  /** The bytes of such a binary file (detectors check whether a known password opens it). */
  readonly bytes?: Uint8Array;
  readonly commit?: CommitInfo;
}

/** What a detector reports: a span of `fragment.text`. */
export interface RawFinding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** Offsets into `fragment.text`, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  /** How the secret was reached, outermost first (e.g. `["k8s-secret-data:TOKEN", "base64"]`). */
  readonly decoded?: readonly string[];
  /** A policy finding: reported apart from leaks, low severity, never blocking by default. */
  readonly policy?: boolean;
}

/** A place in a file: 1-based lines and columns, end column exclusive. */
export interface Location {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A finding after the pipeline: located, fingerprinted and (by default) redacted. */
export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Redacted unless the user asked for `--no-redact`. */
  readonly secret: string;
  /** The source line with the secret masked the same way, trimmed for display. */
  readonly context: string;
  readonly fingerprint: string;
  /**
   * Every place the secret is written in the file, in file order, when it is
   * written more than once (one finding per secret per file); the first is the
   * finding's own `line`/`column`. Absent when the secret occurs once.
   */
  readonly locations?: readonly Location[];
  readonly decoded?: readonly string[];
  readonly commit?: CommitInfo;
  /** History scans: how many scanned commits added this secret (`commit` is the first). */
  readonly commits?: number;
  /**
   * History scans: fingerprints of the same secret under the other paths its file
   * had (renames), so a baseline taken from history also matches scans of today's tree.
   */
  readonly aliases?: readonly string[];
}

/** Something a scan skipped or could not read, reported to the user rather than hidden. */
export interface Note {
  readonly path: string;
  readonly message: string;
  /**
   * `error`: content went unscanned (an encrypted archive member, one past a budget):
   * the hook should block, naming `setting`. `warning`: scanned, with a caveat.
   * Absent on notes that predate severities.
   */
  readonly severity?: 'error' | 'warning';
  /** The config key that raises the budget or allows the path (`limits.archiveBytes`, `allow.paths`). */
  readonly setting?: string;
}

export interface ScanStats {
  files: number;
  bytes: number;
  commits: number;
  durationMs: number;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly policy: readonly Finding[];
  readonly notes: readonly Note[];
  readonly stats: ScanStats;
}
