/**
 * A spy on `crypto.scrypt` that lets each call run for real and counts how many
 * run at once: the fingerprint tests check the thread pool's concurrency with it.
 */
import crypto from 'node:crypto';
import { vi } from 'vitest';

export interface ScryptWatch {
  readonly spy: ReturnType<typeof vi.spyOn>;
  /** How many are running now. */
  running(): number;
  /** The most that ran at once since `reset`. */
  most(): number;
  /** Starts counting `most` again from what is running now. */
  reset(): void;
}

export function watchScrypt(): ScryptWatch {
  const real = crypto.scrypt.bind(crypto);
  let running = 0;
  let most = 0;
  const spy = vi.spyOn(crypto, 'scrypt').mockImplementation(((...args: unknown[]) => {
    const done = args.pop() as (error: Error | null, key: Buffer) => void;
    running++;
    most = Math.max(most, running);
    (real as (...all: unknown[]) => void)(...args, (error: Error | null, key: Buffer) => {
      running--;
      done(error, key);
    });
  }) as typeof crypto.scrypt);
  return { spy, running: () => running, most: () => most, reset: () => void (most = running) };
}
