/**
 * Detection off the main thread: batches of fragments go to worker threads while
 * the main thread keeps reading git. The queue is bounded: `submit` resolves only
 * when there is room, so a reader that awaits it stops reading and git blocks on
 * its pipe instead of memory growing.
 *
 * Two tasks, one per kind of scan (see detect-batch.ts): `history` (batches
 * through `scan`, findings with their clear secrets) and `fragments` (each
 * fragment's own result, for `leakgate staged`).
 *
 * This module is also the workers' entry point: loaded in a worker thread started
 * here (as itself, or as the bundle that contains it), it serves batches. The
 * thread is told apart by a flag in its argv, so that a plain run (a commit hook)
 * never loads `node:worker_threads`.
 */
import { existsSync } from 'node:fs';
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Config } from '../allowlist/config.js';
import type { PendingFingerprints } from '../findings/pending-fingerprints.js';
import type { Fragment } from '../types.js';
import { createBatchScanner, createFragmentScanner, type BatchResult, type DetectSetup, type FragmentBatchResult } from './detect-batch.js';
import { workerThreads } from '../lazy-builtins.js';

/**
 * A batch goes to a thread once it holds this much text (characters, about bytes)
 * or this many fragments: big enough that posting it costs little beside
 * detecting it, small enough to keep every thread busy.
 */
export const BATCH_CHARS = 256 * 1024;
export const BATCH_FRAGMENTS = 512;

export interface Batch {
  readonly fragments: Fragment[];
  /** Position in the scanned commit list of each fragment's commit. */
  readonly commitIndexes: number[];
  bytes: number;
}

/** What each task gives back for a batch. */
export interface TaskResults {
  readonly history: BatchResult;
  readonly fragments: FragmentBatchResult;
}
export type DetectTask = keyof TaskResults;

export type BatchListener<B = Batch, R = BatchResult> = (batch: B, result: R) => void;

export interface DetectExecutor<B = Batch> {
  /** Resolves once the batch is queued; its result goes to the listener. */
  submit(batch: B): Promise<void>;
  /** Resolves when every submitted batch has been scanned. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface ThreadExecutor<B> extends DetectExecutor<B> {
  /** Whether a batch submitted now goes to a thread that is ready, without waiting behind more than one other. */
  hasRoom(): boolean;
  /** Resolves when a thread is ready for batches; rejects when the pool failed first. */
  ready(): Promise<void>;
}

/**
 * Detection on the calling thread: for small histories, where starting threads
 * costs more than it saves, and on 2 cores. Its guessable secrets are hashed on
 * the thread pool (`prints`), so scrypt does not hold up reading.
 */
export async function inlineExecutor(setup: DetectSetup, listener: BatchListener, config?: Config, prints?: PendingFingerprints): Promise<DetectExecutor> {
  const scanner = await createBatchScanner(setup, config, prints);
  return {
    async submit(batch) {
      listener(batch, await scanner(batch.fragments));
    },
    drain: async () => {},
    close: async () => {},
  };
}

const WORKER_KIND = 'leakgate-detect';
/** In a detection thread's `process.argv`: what the CLI entry checks before running. */
export const DETECT_THREAD_FLAG = '--leakgate-detect-thread';

/**
 * Where a detection thread starts: the executable's launcher when this module
 * runs from the bundle (so the thread compiles nothing the code cache already
 * holds: a cold thread cost a quarter of a second), else this module itself.
 */
function workerEntry(): URL {
  const launcher = new URL('./leakgate.cjs', import.meta.url);
  return import.meta.url.endsWith('/leakgate-main.cjs') && existsSync(launcher) ? launcher : new URL(import.meta.url);
}

interface Task<B> {
  readonly id: number;
  readonly batch: B;
}

/** A thread's messages: ready once its engine is built (or the error that stopped it), then one reply per batch. */
type Reply<R> =
  | { readonly ready: true }
  | { readonly id: number; readonly result: R }
  | { readonly id: number; readonly error: string };

export function threadExecutor<T extends DetectTask, B extends { readonly fragments: readonly Fragment[] }>(
  setup: DetectSetup,
  threads: number,
  listener: BatchListener<B, TaskResults[T]>,
  task: T,
  /** The script a thread runs (`workerEntry` by default): tests run the built executable. */
  entry: URL = workerEntry(),
): ThreadExecutor<B> {
  const { Worker } = workerThreads();
  const limit = threads * 2;
  const queue: Task<B>[] = [];
  const running = new Map<number, Task<B>>();
  const idle: Worker[] = [];
  let ready = 0;
  const waitingForRoom: (() => void)[] = [];
  const waitingForDrain: (() => void)[] = [];
  let failure: Error | undefined;
  let closing = false;
  let nextId = 0;

  let becameReady!: () => void;
  let failedFirst!: (error: Error) => void;
  const firstReady = new Promise<void>((resolve, reject) => {
    becameReady = resolve;
    failedFirst = reject;
  });
  firstReady.catch(() => {});

  const inFlight = (): number => queue.length + running.size;
  const fail = (error: Error): void => {
    failure ??= error;
    failedFirst(failure);
    for (const wake of waitingForRoom.splice(0)) wake();
    for (const wake of waitingForDrain.splice(0)) wake();
  };
  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const task = queue.shift()!;
      running.set(task.id, task);
      worker.postMessage({ id: task.id, fragments: task.batch.fragments });
    }
  };

  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(entry, { workerData: { kind: WORKER_KIND, setup, task }, argv: [DETECT_THREAD_FLAG] });
    worker.on('message', (reply: Reply<TaskResults[T]>) => {
      if ('ready' in reply) {
        ready++;
        becameReady();
        idle.push(worker);
        dispatch();
        return;
      }
      const task = running.get(reply.id);
      running.delete(reply.id);
      idle.push(worker);
      if ('error' in reply) {
        fail(new Error(`detection thread: ${reply.error}`));
        return;
      }
      if (task) listener(task.batch, reply.result);
      dispatch();
      if (inFlight() < limit) waitingForRoom.shift()?.();
      if (inFlight() === 0) for (const wake of waitingForDrain.splice(0)) wake();
    });
    worker.on('error', fail);
    // A thread that ends before it is closed leaves its batch unscanned, whatever its exit code.
    worker.on('exit', (code) => {
      if (!closing) fail(new Error(`detection thread exited with code ${code}`));
    });
    return worker;
  });

  return {
    async submit(batch) {
      if (failure) throw failure;
      queue.push({ id: nextId++, batch });
      dispatch();
      while (inFlight() > limit && !failure) await new Promise<void>((resolve) => waitingForRoom.push(resolve));
      if (failure) throw failure;
    },
    hasRoom: () => failure === undefined && ready > 0 && inFlight() < ready * 2,
    ready: () => firstReady,
    async drain() {
      while (inFlight() > 0 && !failure) await new Promise<void>((resolve) => waitingForDrain.push(resolve));
      if (failure) throw failure;
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** The worker side. */
function serve(port: MessagePort, setup: DetectSetup, task: DetectTask): void {
  const ready: Promise<(fragments: Fragment[]) => unknown> = task === 'fragments' ? createFragmentScanner(setup) : createBatchScanner(setup);
  const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  ready.then(
    () => port.postMessage({ ready: true } satisfies Reply<unknown>),
    (error: unknown) => port.postMessage({ id: -1, error: message(error) } satisfies Reply<unknown>),
  );
  port.on('message', (request: { id: number; fragments: Fragment[] }) => {
    ready
      .then((scanner) => scanner(request.fragments))
      .then(
        (result) => port.postMessage({ id: request.id, result } satisfies Reply<unknown>),
        (error: unknown) => port.postMessage({ id: request.id, error: message(error) } satisfies Reply<unknown>),
      );
  });
}

if (process.argv.includes(DETECT_THREAD_FLAG)) {
  const { isMainThread, parentPort, workerData } = workerThreads();
  const data = workerData as { kind?: string; setup?: DetectSetup; task?: DetectTask } | null;
  if (!isMainThread && parentPort && data?.kind === WORKER_KIND && data.setup) serve(parentPort, data.setup, data.task ?? 'history');
}
