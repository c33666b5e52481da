import type { Fragment, RawFinding } from '../types.js';

/** A detector is pure: it reads a fragment and returns spans. No fs, no git, no console. */
export type Detector = (fragment: Fragment) => RawFinding[];
