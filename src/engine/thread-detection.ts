/**
 * Detection for a scan that may be large (`leakgate staged` on a commit that
 * vendors a dependency): on this thread, until the fragments pass a threshold;
 * from there on, batches go to worker threads as well, so that every core works
 * while this one reads git's output. The hook's everyday commit never gets there
 * and starts no thread.
 *
 * Results are the same as on this thread: each fragment goes through the same
 * `scanFragment` with the same rules and config, and `scan` lists every result in
 * its fragment's place. What a thread's scan leaves behind besides its findings
 * is handed over: the clear views for the review screen's vault, and the
 * `ignore` entries that matched (for the stale-entry notes).
 */
import type { ClearView, SecretVault } from '../findings/vault.js';
import type { Finding, Fragment } from '../types.js';
import type { DetectSetup, FragmentBatchResult } from './detect-batch.js';
import { BATCH_CHARS, BATCH_FRAGMENTS, threadExecutor, type ThreadExecutor } from './detect-pool.js';
import { scanFragment, type Engine, type FragmentDetection, type FragmentScan } from './scan.js';

/**
 * Text (in characters, about bytes) a scan detects on this thread before it
 * starts detection threads. On 2 cores a thread pays only for large commits:
 * this thread already keeps more than one core busy with git and V8's own
 * threads, and a new thread starts cold. Measured there (third-party code,
 * `leakgate staged` medians, noise about ±5%): 6.6 MB, 674 ms here, 745 ms with
 * a thread from 1 MB; 17.6 MB, 1.18 s here, 1.21 s with a thread from 8 MB,
 * 1.07 s with one from the start; 48 MB, 2.87 s here, 2.38 s with a thread from
 * 8 MB (2.31 s from 1 MB).
 */
export const THREAD_THRESHOLD_CHARS = 8 * 1024 * 1024;

export interface ThreadDetectionOptions {
  /** The engine of this thread, for what is detected here. */
  readonly engine: Engine;
  /** How the threads build theirs (the same rules and config). */
  readonly setup: DetectSetup;
  readonly redact: boolean;
  /** The review screen's vault: filled with the clear views of every finding, wherever detected. */
  readonly vault?: SecretVault;
  readonly threads: number;
  /** Characters detected here before threads start (`THREAD_THRESHOLD_CHARS`). */
  readonly thresholdChars?: number;
  /** The script the threads run, when not the default (see `threadExecutor`). */
  readonly threadEntry?: URL;
}

interface FragmentBatch {
  readonly fragments: Fragment[];
  readonly done: ((result: FragmentScan) => void)[];
  chars: number;
}

export interface ThreadDetection extends FragmentDetection {
  /**
   * Resolves once a thread is ready for batches (rejects when they failed to
   * start): from then on, fragments go to threads whenever one has room. For
   * tests, which wait on it to know what runs where; a scan never waits.
   */
  threadsReady(): Promise<void>;
  /** Ends the threads (after the scan, whether it succeeded or not). */
  close(): Promise<void>;
}

export function threadDetection(options: ThreadDetectionOptions): ThreadDetection {
  const { engine, vault } = options;
  const threshold = options.thresholdChars ?? THREAD_THRESHOLD_CHARS;
  const setup: DetectSetup = { ...options.setup, redact: options.redact, clearViews: vault !== undefined };
  let seen = 0;
  let pool: ThreadExecutor<FragmentBatch> | undefined;
  let batch: FragmentBatch | undefined;

  const here = (fragment: Fragment, done: (result: FragmentScan) => void): void => {
    done(scanFragment(engine, fragment, { redact: options.redact, ...(vault ? { vault } : {}) }));
  };
  const listener = (sent: FragmentBatch, result: FragmentBatchResult): void => {
    engine.allowlist.addMatchedIgnores(result.ignoreMatches);
    // A reply that does not answer every fragment leaves parts unfilled: `scan` then fails.
    for (const [i, fragmentResult] of result.results.entries()) {
      const done = sent.done[i];
      if (!done) continue;
      if (vault && fragmentResult.views) {
        adopt(vault, fragmentResult.scan.findings, fragmentResult.views.findings);
        adopt(vault, fragmentResult.scan.policy, fragmentResult.views.policy);
      }
      done(fragmentResult.scan);
    }
  };
  const flush = (): Promise<void> | undefined => {
    const full = batch;
    batch = undefined;
    return full && pool ? pool.submit(full) : undefined;
  };

  return {
    submit(fragment, done) {
      seen += fragment.text.length;
      if (!pool) {
        if (seen <= threshold || options.threads < 1) {
          here(fragment, done);
          return undefined;
        }
        pool = threadExecutor(setup, options.threads, listener, 'fragments', options.threadEntry);
      }
      // A batch starts when a thread can take it; meanwhile (threads starting, or all
      // busy) this thread detects too, rather than wait.
      if (!batch) {
        if (!pool.hasRoom()) {
          here(fragment, done);
          return undefined;
        }
        batch = { fragments: [], done: [], chars: 0 };
      }
      batch.fragments.push(forThread(fragment));
      batch.done.push(done);
      batch.chars += fragment.text.length;
      return batch.chars >= BATCH_CHARS || batch.fragments.length >= BATCH_FRAGMENTS ? flush() : undefined;
    },
    async drain() {
      await flush();
      await pool?.drain();
    },
    threadsReady: () => (pool ? pool.ready() : Promise.reject(new Error('no detection thread was started'))),
    async close() {
      await pool?.close();
    },
  };
}

function adopt(vault: SecretVault, findings: readonly Finding[], views: readonly (ClearView | undefined)[]): void {
  for (const [i, finding] of findings.entries()) {
    const view = views[i];
    if (view) vault.adopt(finding, view);
  }
}

/**
 * The fragment as it is sent: a key store's bytes may be a view into a larger
 * buffer (a batch of blobs read at once), which a structured clone would copy whole.
 */
function forThread(fragment: Fragment): Fragment {
  const bytes = fragment.bytes;
  if (!bytes || bytes.byteLength === bytes.buffer.byteLength) return fragment;
  return { ...fragment, bytes: new Uint8Array(bytes) };
}
