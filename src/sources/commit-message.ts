/**
 * The `commit-msg` source: the message a commit is about to record, read from the
 * file git gives the commit-msg hook, with the lines git will not store taken out
 * (its cleanup), so that what is scanned is what the commit will hold.
 *
 * git runs the hook on the file before it cleans the message up. What it then
 * removes depends on how the message was given (git's `get_cleanup_mode` in
 * sequencer.c): an edited message (`git commit`, `-e`) loses its comment lines
 * and, with `-v`, everything from the scissors line on; a message given with
 * `-m` or `-F` keeps its `#` lines (only whitespace is cleaned up). The hook
 * tells the two apart by `GIT_EDITOR`, which git sets to `:` for the hook when
 * the message is not edited. What the hook cannot see (`--cleanup=` on the
 * command line, `-v` with `-m`) is resolved towards scanning more, never less.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { COMMIT_MESSAGE_PATH, type Fragment } from '../types.js';
import { capNote } from './content-items.js';
import { configEntries } from './git.js';
import { DEFAULT_MAX_FILE_BYTES, type SourceItem } from './source.js';

/** What git removes from the message file before it stores the message. */
export interface MessageCleanup {
  /** Lines that start with this are not stored (git's `strip`); undefined when every line is. */
  readonly comment?: string;
  /**
   * The comment strings git's scissors line can start with: from that line on,
   * nothing is stored (the diff `git commit -v` shows). Empty when git keeps it.
   */
  readonly scissors: readonly string[];
}

/** The settings that decide the cleanup, as git resolves them. */
export interface CleanupSettings {
  /** `core.commentChar` or `core.commentString`, whichever git read last. */
  readonly commentString?: string;
  /** `commit.cleanup`. */
  readonly cleanup?: string;
  /** Whether the message was edited in an editor (`GIT_EDITOR` is not `:`). */
  readonly edited: boolean;
}

/** git's scissors line, after the comment string and a space (`cut_line` in wt-status.c). */
export const SCISSORS = '------------------------ >8 ------------------------';

/** The characters `core.commentChar=auto` picks from (`adjust_comment_line_char` in builtin/commit.c). */
const AUTO_COMMENT_CHARS = ['#', ';', '@', '!', '$', '%', '^', '&', '|', ':'];

/** What git will do to the message, given its settings (pure). */
export function messageCleanup(settings: CleanupSettings): MessageCleanup {
  const mode = cleanupMode(settings.cleanup, settings.edited);
  const setting = settings.commentString;
  // `auto`: git picks a character no line of the message starts with, which the
  // hook cannot know; every line is scanned, and a scissors line may use any of them.
  const auto = setting?.toLowerCase() === 'auto';
  const comment = auto ? undefined : setting && !setting.includes('\n') ? setting : '#';
  return {
    ...(mode === 'strip' && comment !== undefined ? { comment } : {}),
    // An edited message is cut at the scissors line in every mode (git cuts it with
    // -v, which the hook cannot see); one given with -m or -F is cut only with -v,
    // so it is scanned whole.
    scissors: settings.edited ? (auto ? AUTO_COMMENT_CHARS : [comment ?? '#']) : [],
  };
}

function cleanupMode(setting: string | undefined, edited: boolean): 'strip' | 'whitespace' | 'verbatim' {
  switch (setting) {
    case 'verbatim':
      return 'verbatim';
    case 'whitespace':
    case 'scissors':
      return 'whitespace';
    case 'strip':
      return 'strip';
    default:
      // Unset or `default` (git refuses any other value before it runs the hook).
      return edited ? 'strip' : 'whitespace';
  }
}

/**
 * The message as a fragment under `COMMIT_MESSAGE_PATH`: the lines git stores,
 * each numbered by its line in the message file (pure).
 */
export function messageFragment(text: string, cleanup: MessageCleanup): Fragment {
  const lines = text.split('\n');
  // git looks for the whole line, newline included (`wt_status_locate_end`).
  const cut = lines.findIndex((line, i) => i < lines.length - 1 && cleanup.scissors.some((comment) => line === `${comment} ${SCISSORS}`));
  const kept: string[] = [];
  const lineNumbers: number[] = [];
  for (const [i, line] of (cut < 0 ? lines : lines.slice(0, cut)).entries()) {
    if (cleanup.comment !== undefined && line.startsWith(cleanup.comment)) continue;
    kept.push(line);
    lineNumbers.push(i + 1);
  }
  // Line numbers always given: the message is a change being made, not a file
  // whose ignore entries go stale when they match nothing in it.
  return { path: COMMIT_MESSAGE_PATH, text: kept.join('\n'), lineNumbers };
}

/** The message file git gives the hook; a file that cannot be read is a usage error (the commit is blocked). */
export async function readMessageFile(path: string): Promise<string> {
  try {
    return (await readFile(path)).toString('utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`cannot read the commit message file ${JSON.stringify(path)}: ${reason}`);
  }
}

/** How git will clean up the message in the repository at `root`, run from the hook's environment. */
export async function cleanupFor(root: string, env: NodeJS.ProcessEnv = process.env): Promise<MessageCleanup> {
  let commentString: string | undefined;
  let cleanup: string | undefined;
  for (const [key, value] of await configEntries(root, '^(core\\.comment(char|string)|commit\\.cleanup)$')) {
    if (key === 'commit.cleanup') cleanup = value;
    else commentString = value;
  }
  return messageCleanup({
    ...(commentString !== undefined ? { commentString } : {}),
    ...(cleanup !== undefined ? { cleanup } : {}),
    edited: env.GIT_EDITOR !== ':',
  });
}

/** The source: the message fragment, or a note that blocks the commit when it is above `maxFileSize`. */
export async function* messageItems(text: string, cleanup: MessageCleanup, maxFileBytes = DEFAULT_MAX_FILE_BYTES): AsyncIterable<SourceItem> {
  const fragment = messageFragment(text, cleanup);
  const bytes = Buffer.byteLength(fragment.text);
  if (bytes > maxFileBytes) yield { note: capNote(COMMIT_MESSAGE_PATH, bytes, maxFileBytes) };
  else yield { fragment };
}
