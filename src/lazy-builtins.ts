/**
 * Node built-ins that most runs never use, loaded on first use. A commit hook
 * that finds nothing computes no hash and starts no thread, and loading
 * `node:crypto` alone costs about 3 ms of a 100 ms start (it pulls in some twenty
 * internal modules). Loaded with require: the bundle runs where dynamic import
 * cannot.
 */
import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';
import type * as WorkerThreads from 'node:worker_threads';

const load = createRequire(import.meta.url);
let crypto: typeof Crypto | undefined;
let workers: typeof WorkerThreads | undefined;

export function nodeCrypto(): typeof Crypto {
  return (crypto ??= load('node:crypto') as typeof Crypto);
}

export function workerThreads(): typeof WorkerThreads {
  return (workers ??= load('node:worker_threads') as typeof WorkerThreads);
}
