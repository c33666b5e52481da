/**
 * `leakgate history`'s engine room: the history source feeds batches of fragments
 * to detection (worker threads, or this thread for small histories), and the
 * findings are folded into one per secret (`HistoryFindings`).
 *
 * Detection on this thread leaves the slow (scrypt) fingerprints to the thread
 * pool (`PendingFingerprints`): a finding carries a provisional id meanwhile, and
 * every one is settled, with the aliases of renamed files, before the result is
 * returned. Detection threads compute their fingerprints themselves.
 *
 * Unless `allFingerprints`, the slow ones are never computed: a chart
 * repository's history has hundreds of guessable findings (test passwords in
 * every chart), and their scrypt took four times as long as `git log` itself. A
 * report then leaves those fingerprints out; an `ignore` entry still matches,
 * since the allowlist computes a fingerprint it needs on the spot.
 */
import type { ArchiveLimits } from '../sources/archive.js';
import { readHistory, type HistoryPlan } from '../sources/history.js';
import type { Config } from '../allowlist/config.js';
import type { Fragment, Note, ScanResult } from '../types.js';
import type { BatchResult, DetectSetup } from '../engine/detect-batch.js';
import { BATCH_CHARS, BATCH_FRAGMENTS, inlineExecutor, threadExecutor, type Batch, type DetectExecutor } from '../engine/detect-pool.js';
import { HistoryFindings } from '../findings/first-commit.js';
import { PendingFingerprints } from '../findings/pending-fingerprints.js';
import { readingInput } from '../findings/fingerprint.js';

export interface HistoryScanOptions {
  readonly root: string;
  readonly plan: HistoryPlan;
  readonly setup: DetectSetup;
  /** The config already read for this scan, reused when detection runs on this thread. */
  readonly config?: Config;
  /** Detection threads; 0 runs detection on this thread. */
  readonly threads: number;
  /** Parallel `git log` processes. */
  readonly workers: number;
  readonly maxFileBytes: number;
  readonly archiveLimits?: Partial<ArchiveLimits>;
  readonly pathspecs: readonly string[];
  /**
   * Compute every finding's fingerprint, slow (scrypt) ones included: a baseline
   * is to be written or applied, or the user asked (`--fingerprints`).
   */
  readonly allFingerprints: boolean;
  /** Called as commits are read (for a progress line). */
  readonly onCommit?: (done: number, total: number, bytes: number) => void;
}

export async function scanHistory(options: HistoryScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const found = new HistoryFindings();
  const prints = new PendingFingerprints(undefined, !options.allFingerprints);
  const setup = options.allFingerprints ? options.setup : { ...options.setup, deferFingerprints: true };
  const notes = new NoteLog(options.plan.notes);
  let files = 0;
  let commits = 0;

  const listener = (batch: Batch, result: BatchResult): void => {
    files += result.files;
    for (const note of result.notes) notes.add(note);
    for (const { index, finding, secret } of result.findings) {
      found.add({ finding, secret, commitIndex: batch.commitIndexes[index] ?? 0 });
    }
  };
  const executor: DetectExecutor =
    options.threads > 0 ? threadExecutor(setup, options.threads, listener, 'history') : await inlineExecutor(setup, listener, options.config, prints);

  let batch = newBatch();
  const flush = (): Promise<void> => {
    const full = batch;
    batch = newBatch();
    return executor.submit(full);
  };
  let bytes = 0;
  // Fingerprints leave the git processes and detection a core until all is read.
  const doneReading = readingInput();
  try {
    bytes = await readHistory(
      options.root,
      options.plan,
      { workers: options.workers, maxFileBytes: options.maxFileBytes, pathspecs: options.pathspecs, ...(options.archiveLimits ? { archiveLimits: options.archiveLimits } : {}) },
      {
        commit(_commit, entries) {
          commits++;
          for (const entry of entries) if (entry.status === 'R' && entry.oldPath !== undefined) found.rename(entry.oldPath, entry.path);
          options.onCommit?.(commits, options.plan.total, 0);
        },
        fragment(fragment: Fragment, commitIndex: number) {
          batch.fragments.push(fragment);
          batch.commitIndexes.push(commitIndex);
          batch.bytes += fragment.text.length;
          return batch.bytes >= BATCH_CHARS || batch.fragments.length >= BATCH_FRAGMENTS ? flush() : undefined;
        },
        note: (note) => notes.add(note),
      },
    );
    if (batch.fragments.length > 0) await flush();
    await executor.drain();
  } finally {
    doneReading();
    await executor.close();
  }
  return {
    findings: await found.findings(prints, { all: options.allFingerprints }),
    policy: [],
    notes: notes.list(),
    stats: { files, bytes, commits, durationMs: Math.round(Date.now() - started) },
  };
}

function newBatch(): Batch {
  return { fragments: [], commitIndexes: [], bytes: 0 };
}

/** Notes said once per path and message, with how many commits repeated them. */
class NoteLog {
  private readonly counts = new Map<string, { note: Note; count: number }>();

  constructor(initial: readonly Note[]) {
    for (const note of initial) this.add(note);
  }

  add(note: Note): void {
    const key = `${note.path}\0${note.message}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { note, count: 1 });
  }

  list(): Note[] {
    return [...this.counts.values()].map(({ note, count }) =>
      count === 1 ? note : { ...note, message: `${note.message} (in ${count} commits)` },
    );
  }
}
