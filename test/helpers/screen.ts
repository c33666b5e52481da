/**
 * Renders an Ink element into a fake terminal of a given size and waits on what
 * it draws: every step of a test waits for the frame it expects (or for a
 * callback), never for a length of time. A frame that does not come fails the
 * test with the last frame drawn.
 */
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

/** Fails a wait that never comes true; not a timing assumption: a correct screen answers in milliseconds. */
const GIVE_UP_MS = 10_000;

class FakeTerminal extends EventEmitter {
  readonly frames: string[] = [];
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    this.emit('frame', frame);
    return true;
  };
}

class FakeInput extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface Screen {
  /** The last frame drawn. */
  frame(): string;
  /** Waits for a frame drawn from now on for which `until` holds, and returns it. */
  nextFrame(until: (frame: string) => boolean, what: string): Promise<string>;
  /** Types `keys` (one chunk) and returns: for a key whose effect is not a frame (then wait on that effect). */
  type(keys: string): void;
  /** Types `keys` (one chunk), then waits for a frame that contains `expect` (or matches it). */
  press(keys: string, expect: string | ((frame: string) => boolean)): Promise<string>;
  unmount(): void;
}

export async function renderScreen(element: ReactElement, size: { columns: number; rows: number }): Promise<Screen> {
  const stdout = new FakeTerminal(size.columns, size.rows);
  const stdin = new FakeInput();
  const stderr = new FakeTerminal(size.columns, size.rows);
  const nextFrame = (until: (frame: string) => boolean, what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const onFrame = (frame: string): void => {
        if (!until(frame)) return;
        clearTimeout(timer);
        stdout.off('frame', onFrame);
        resolve(frame);
      };
      const timer = setTimeout(() => {
        stdout.off('frame', onFrame);
        reject(new Error(`no frame showed ${what}; the last one:\n${stdout.frames.at(-1) ?? '(none)'}`));
      }, GIVE_UP_MS);
      stdout.on('frame', onFrame);
    });
  const first = nextFrame(() => true, 'anything');
  // Ink starts reading keys in an effect after the first frame: a key typed before would be lost.
  const listening = new Promise<void>((resolve) => {
    const onListener = (event: string | symbol): void => {
      if (event !== 'readable') return;
      stdin.off('newListener', onListener);
      resolve();
    };
    stdin.on('newListener', onListener);
  });
  const instance = render(element, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await first;
  if (stdin.listenerCount('readable') === 0) await listening;
  return {
    frame: () => stdout.frames.at(-1) ?? '',
    nextFrame,
    type: (keys) => stdin.write(keys),
    press(keys, expect) {
      const until = typeof expect === 'string' ? (frame: string) => frame.includes(expect) : expect;
      const drawn = nextFrame(until, typeof expect === 'string' ? JSON.stringify(expect) : 'the expected change');
      stdin.write(keys);
      return drawn;
    },
    unmount() {
      instance.unmount();
      instance.cleanup();
    },
  };
}
