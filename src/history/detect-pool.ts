/**
 * Detection off git's critical path: batches of fragments go to worker threads
 * while the main thread keeps reading `git log`. The queue is bounded: `submit`
 * resolves only when there is room, so a reader that awaits it stops reading and
 * git blocks on its pipe instead of memory growing.
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
import { createBatchScanner, type BatchResult, type DetectSetup } from './detect-batch.js';
import { workerThreads } from '../lazy-builtins.js';

export interface Batch {
  readonly fragments: Fragment[];
  /** Position in the scanned commit list of each fragment's commit. */
  readonly commitIndexes: number[];
  bytes: number;
}

export type BatchListener = (batch: Batch, result: BatchResult) => void;

export interface DetectExecutor {
  /** Resolves once the batch is queued; its result goes to the listener. */
  submit(batch: Batch): Promise<void>;
  /** Resolves when every submitted batch has been scanned. */
  drain(): Promise<void>;
  close(): Promise<void>;
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

interface Task {
  readonly id: number;
  readonly batch: Batch;
}

type Reply = { readonly id: number; readonly result: BatchResult } | { readonly id: number; readonly error: string };

export function threadExecutor(setup: DetectSetup, threads: number, listener: BatchListener): DetectExecutor {
  const { Worker } = workerThreads();
  const limit = threads * 2;
  const queue: Task[] = [];
  const running = new Map<number, Task>();
  const idle: Worker[] = [];
  const waitingForRoom: (() => void)[] = [];
  const waitingForDrain: (() => void)[] = [];
  let failure: Error | undefined;
  let nextId = 0;

  const inFlight = (): number => queue.length + running.size;
  const fail = (error: Error): void => {
    failure ??= error;
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
    const worker = new Worker(workerEntry(), { workerData: { kind: WORKER_KIND, setup }, argv: [DETECT_THREAD_FLAG] });
    worker.on('message', (reply: Reply) => {
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
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`detection thread exited with code ${code}`));
    });
    idle.push(worker);
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
    async drain() {
      while (inFlight() > 0 && !failure) await new Promise<void>((resolve) => waitingForDrain.push(resolve));
      if (failure) throw failure;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** The worker side. */
function serve(port: MessagePort, setup: DetectSetup): void {
  const ready = createBatchScanner(setup);
  port.on('message', (message: { id: number; fragments: Fragment[] }) => {
    ready
      .then((scanner) => scanner(message.fragments))
      .then(
        (result) => port.postMessage({ id: message.id, result } satisfies Reply),
        (error: unknown) =>
          port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
      );
  });
}

if (process.argv.includes(DETECT_THREAD_FLAG)) {
  const { isMainThread, parentPort, workerData } = workerThreads();
  const data = workerData as { kind?: string; setup?: DetectSetup } | null;
  if (!isMainThread && parentPort && data?.kind === WORKER_KIND && data.setup) serve(parentPort, data.setup);
}
