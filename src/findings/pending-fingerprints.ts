/**
 * Fingerprints a scan can go on without. A guessable secret's fingerprint costs a
 * fifth of a second of scrypt (`fingerprint.ts`); a history scan on the main
 * thread would stop reading `git log` for that long per secret. Here the finding
 * gets a provisional id at once and scrypt runs on libuv's thread pool; the scan
 * settles every id before its result leaves it (`HistoryFindings.findings`).
 *
 * A provisional id is in memory only: it stands for one (kind, rule, path,
 * secret) of this scan and no other, and it never matches `FINGERPRINT_PATTERN`,
 * so a baseline or config that somehow received one would refuse it. Settling an
 * id this object did not give fails, as does any scrypt error: a scan never
 * reports a finding without its real fingerprint.
 */
import { cacheKey, fingerprintAsync, quickFingerprint, type FingerprintKind } from './fingerprint.js';

/** How every provisional id starts; a real fingerprint starts `lg`. */
export const PROVISIONAL_PREFIX = 'provisional-fingerprint:';

export type FingerprintComputer = (ruleId: string, path: string, secret: string, kind: FingerprintKind) => Promise<string>;

export class PendingFingerprints {
  /** Provisional id by (kind, rule, path, secret). */
  private readonly ids = new Map<string, string>();
  /** The real fingerprint each provisional id stands for, being computed. */
  private readonly real = new Map<string, Promise<string>>();

  /**
   * `compute` is replaced only by tests (a scrypt that fails). `defer`: a slow
   * fingerprint is never computed, its provisional id only stands for "left out"
   * (a history report without `--fingerprints`, see `HistoryFindings.findings`).
   */
  constructor(
    private readonly compute: FingerprintComputer = fingerprintAsync,
    private readonly defer = false,
  ) {}

  /** Tells this object's ids from another's (each detection thread has its own). */
  private readonly tag = Math.random().toString(36).slice(2, 10);

  /**
   * The fingerprint when it is cheap or already known, else a provisional id
   * whose real fingerprint is being computed from now on. Bound, so it can be
   * passed on as a plain function (`PipelineOptions.fingerprint`).
   */
  readonly fingerprint = (ruleId: string, path: string, secret: string, kind: FingerprintKind = 'secret'): string => {
    const quick = quickFingerprint(ruleId, path, secret, kind);
    if (quick !== undefined) return quick;
    const key = cacheKey(ruleId, path, secret, kind);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = `${PROVISIONAL_PREFIX}${this.tag}:${this.ids.size}`;
      this.ids.set(key, id);
      if (this.defer) return id;
      const computing = this.compute(ruleId, path, secret, kind);
      // Not lost: `settled` and `settle` give the error to the scan.
      computing.catch(() => {});
      this.real.set(id, computing);
    }
    return id;
  };

  /** A fingerprint computed off this thread (a renamed file's other names), with the same cache. */
  of(ruleId: string, path: string, secret: string, kind: FingerprintKind = 'secret'): Promise<string> {
    return this.compute(ruleId, path, secret, kind);
  }

  /** The real fingerprint for `print`: itself when it is one, the one it stands for when provisional. */
  settle(print: string): Promise<string> {
    if (!isProvisional(print)) return Promise.resolve(print);
    const real = this.real.get(print);
    return real ?? Promise.reject(new Error(`internal error: ${print} was not given by this scan`));
  }

  /** Resolves when every provisional id given so far (deferred ones aside) has its real fingerprint; rejects on the first that failed. */
  async settled(): Promise<void> {
    await Promise.all(this.real.values());
  }

  /** How many provisional ids were given (for tests). */
  get size(): number {
    return this.ids.size;
  }
}

export function isProvisional(print: string): boolean {
  return print.startsWith(PROVISIONAL_PREFIX);
}
