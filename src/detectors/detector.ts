import type { Fragment, RawFinding } from '../types.js';
import type { Candidate } from './verdict.js';

/**
 * What a detector may tell the scan besides findings. Still pure: the scan
 * decides what to do with it.
 */
export interface DetectorContext {
  /** Something worth telling the user about this fragment (a limit reached, a part not decoded). */
  note(message: string): void;
  /**
   * A span of `fragment.text` that holds no secret whatever it looks like (a
   * SealedSecret's ciphertext, a SOPS-encrypted value): other detectors'
   * findings inside it are dropped.
   */
  suppress(start: number, end: number): void;
  /**
   * Given only by `leakgate explain`: told every candidate a detector judged
   * (a name and a value) with its verdict. A scan leaves it out, and pays nothing.
   */
  readonly candidate?: (candidate: Candidate) => void;
}

/** A detector is pure: it reads a fragment and returns spans. No fs, no git, no console. */
export type Detector = (fragment: Fragment, context: DetectorContext) => RawFinding[];

/** A context that discards everything, for callers that only want findings. */
export const IGNORE_CONTEXT: DetectorContext = { note: () => {}, suppress: () => {} };
