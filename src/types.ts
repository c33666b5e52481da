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
  /**
   * The commit's subject line (history scans), as reports show it: every secret
   * the detectors find in the commit's message masked, unless `--no-redact`.
   */
  readonly message?: string;
}

/** The path of the fragment that holds a commit's message (history scans): its findings are reported under it. */
export const COMMIT_MESSAGE_PATH = '<commit message>';

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
  /**
   * `text` holds the printable strings of a binary file, one per line: only rules
   * whose matches cannot be noise run on it (a fixed prefix or a checksum; no
   * entropy, no decoding).
   */
  readonly printable?: boolean;
  /**
   * The text is a path the change adds (a new, copied or renamed file): a token
   * can be a file's name, and the name is committed as surely as the content.
   * Only the rules of `patterns/` run on it (as on `printable` text); a finding
   * is reported under the path with its secret masked (`Finding.inFileName`).
   */
  readonly fileName?: boolean;
  /**
   * One window of a file scanned in overlapping windows: only findings that start
   * in `[owned[0], owned[1])` of `text` are this window's; the others belong to the
   * window before or after (which holds them whole).
   */
  readonly owned?: readonly [number, number];
  readonly commit?: CommitInfo;
  /**
   * History: the commit's whole message, in clear. Scanned once per commit as a
   * fragment of its own (path `COMMIT_MESSAGE_PATH`), and the source of the subject
   * shown with each finding, masked (`CommitInfo.message` is never set from it in clear).
   */
  readonly commitMessage?: string;
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
  /**
   * Absent only from a history report, for a guessable secret, unless fingerprints
   * were asked for (`--fingerprints`, `--baseline`, `leakgate baseline`): each such
   * fingerprint costs a fifth of a second of scrypt (`findings/fingerprint.ts`).
   */
  readonly fingerprint?: string;
  /**
   * Every place the secret is written in the file, in file order, when it is
   * written more than once (one finding per secret per file); the first is the
   * finding's own `line`/`column`. Absent when the secret occurs once.
   */
  readonly locations?: readonly Location[];
  /**
   * The `lg1:` fingerprints of this finding (and of its aliases), so entries written
   * by earlier versions still match. Memory only: no reporter writes them.
   */
  readonly legacyFingerprints?: readonly string[];
  readonly decoded?: readonly string[];
  /**
   * The secret is in the file's name, not in its content: `file` is the path with
   * the secret masked (the path is printed wherever the file is), `line` and
   * `column` are 1 and the secret's place in the path. No inline comment can allow it.
   */
  readonly inFileName?: true;
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
   * `error`: the scan could not do what was asked (a path that does not exist, a
   * file it cannot read): exit 2, and the hook blocks. `unscanned`: content that
   * was not scanned (above a limit, an LFS object not present): the same, unless
   * the user accepts it (`--allow-skipped`, `allowSkipped: true`, or the path
   * under `allow.paths`).
   */
  readonly level?: 'error' | 'unscanned';
  /** The config key that raises the limit or allows the path (`limits.archiveBytes`, `allow.paths`), when one does. */
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
