/**
 * The review screen's edge: opens the terminal, renders the screen with Ink, and
 * gives the terminal back as it found it.
 *
 * git runs a pre-commit hook with stdin on /dev/null, and the pre-commit framework
 * captures the hook's stdout, so the screen reads and draws on `/dev/tty`, the
 * controlling terminal, whatever the standard streams are. When there is none (a
 * GUI client, CI, a detached process) the caller falls back to the text report.
 *
 * Ink and React are imported here, and only once a terminal is open: a commit that
 * is not blocked never loads them. This module imports neither at the top, so the
 * CLI can load it and still fall back without paying for them.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { isatty, ReadStream, WriteStream } from 'node:tty';
import type { Outcome, ReviewItem } from './review-state.js';

export type { Decision, Outcome, ReviewItem } from './review-state.js';

export interface ScreenOptions {
  /** Colours on (false for NO_COLOR or --no-color). */
  readonly color: boolean;
  readonly title?: string;
}

export type ScreenResult = Outcome | { readonly action: 'no-terminal'; readonly reason: string };

/** Switch to the alternate screen (the user's scrollback is left alone) and back; show the cursor. */
const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

interface Terminal {
  readonly input: ReadStream;
  readonly output: WriteStream;
  /** Idempotent, synchronous: safe from an exit or signal handler. */
  restore(): void;
}

function openTerminal(): Terminal {
  const inFd = openSync('/dev/tty', 'r');
  let outFd: number;
  try {
    outFd = openSync('/dev/tty', 'w');
  } catch (error) {
    closeSync(inFd);
    throw error;
  }
  if (!isatty(inFd) || !isatty(outFd)) {
    closeSync(inFd);
    closeSync(outFd);
    throw new Error('/dev/tty is not a terminal');
  }
  const input = new ReadStream(inFd);
  const output = new WriteStream(outFd);
  let restored = false;
  return {
    input,
    output,
    restore() {
      if (restored) return;
      restored = true;
      try {
        input.setRawMode(false);
      } catch {
        // Already closed.
      }
      try {
        writeSync(outFd, LEAVE);
      } catch {
        // The terminal went away (hang-up): nothing left to restore.
      }
      input.destroy();
      output.destroy();
    },
  };
}

/**
 * Shows the review screen for `items` and resolves with what the user chose. The
 * terminal is restored before the promise settles, however the screen ends: a
 * decision, Ctrl-C (an abort), a signal (an abort) or an error (rethrown).
 */
export async function openReviewScreen(items: readonly ReviewItem[], options: ScreenOptions): Promise<ScreenResult> {
  let terminal: Terminal;
  try {
    terminal = openTerminal();
  } catch (error) {
    return { action: 'no-terminal', reason: (error as Error).message };
  }
  const { input, output } = terminal;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
  let settle: (result: ScreenResult) => void = () => {};
  const settled = new Promise<ScreenResult>((resolve) => (settle = resolve));
  const onSignal = (): void => settle({ action: 'abort' });
  const onExit = (): void => terminal.restore();
  const onResize = (): void => {
    // Only the process's own stdout and stderr learn of SIGWINCH by themselves.
    (output as unknown as { _refreshSize?: () => void })._refreshSize?.();
  };
  for (const signal of signals) process.on(signal, onSignal);
  process.on('exit', onExit);
  process.on('SIGWINCH', onResize);
  try {
    output.write(ENTER);
    const { render, createElement, ReviewApp } = await withInkEnvironment(options.color, () => import('./screen.js'));
    const props = (): Parameters<typeof ReviewApp>[0] => ({
      items,
      columns: output.columns || 80,
      rows: output.rows || 24,
      color: options.color,
      ...(options.title ? { title: options.title } : {}),
      onDone: settle,
    });
    const instance = render(createElement(ReviewApp, props()), {
      stdin: input,
      stdout: output,
      stderr: output,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    const redraw = (): void => instance.rerender(createElement(ReviewApp, props()));
    output.on('resize', redraw);
    try {
      return await settled;
    } finally {
      output.off('resize', redraw);
      instance.unmount();
      instance.cleanup();
    }
  } finally {
    terminal.restore();
    for (const signal of signals) process.off(signal, onSignal);
    process.off('exit', onExit);
    process.off('SIGWINCH', onResize);
  }
}

/**
 * Ink decides two things when it is first imported: whether it runs in CI (then it
 * draws only a final frame, which a screen one interacts with cannot use), and, by
 * way of chalk, whether the output takes colour, judged from stdout (which may be
 * a pipe while the screen draws on the terminal). The screen is on a terminal by
 * construction, so it imports Ink with those answers set, and puts the environment
 * back afterwards.
 */
async function withInkEnvironment<T>(color: boolean, load: () => Promise<T>): Promise<T> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION, FORCE_COLOR: process.env.FORCE_COLOR };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.FORCE_COLOR = color ? (saved.FORCE_COLOR ?? '1') : '0';
  try {
    return await load();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
