/**
 * The `history` source: what each commit of a range added, streamed from
 * `git log -p -U0` (see `historyLogArgs`), never buffered whole.
 *
 * `planHistory` lists the commits (oldest first) and says what the scan cannot
 * see (no commits, a shallow clone); `readHistory` cuts that list into slices
 * and runs `workers` `git log` processes at a time, one per slice, the newest
 * slices first; it parses each stream as it arrives and hands fragments
 * to a sink that may make it wait (backpressure: while it waits, git's output is
 * not read, and git blocks on its pipe).
 */
import { GitError, UsageError } from '../errors.js';
import { COMMIT_MESSAGE_PATH, type CommitInfo, type Fragment, type Note } from '../types.js';
import { BlobReader, isShallow, lfsObjectsDir, logPatches, resolveCommit, revList, streamBlob, type LogProcess } from './git.js';
import { LOG_FORMAT, LogParser, type LogCommit, type LogEvent, type LogFile, type LogRawEntry } from './log-parser.js';
import { mayHoldStructuredSecret, structureMatters } from '../structured-files.js';
import { lfsPointer } from './content.js';
import type { ArchiveLimits } from './archive.js';
import { capNote, contentItems, WHOLE_BYTES } from './content-items.js';
import { addsPath, fileNameFragment } from './file-names.js';
import { lfsObjectItems } from './lfs.js';
import { wantsWholeFile } from './source.js';

export interface HistoryRange {
  /** Revisions as given (`A..B`, a branch); none means the current branch. */
  readonly revs: readonly string[];
  readonly all: boolean;
  /** Only commits after this one (incremental CI: the pull request's base). */
  readonly sinceCommit?: string;
  /** Pathspecs, e.g. `:(exclude)vendor/`. */
  readonly pathspecs: readonly string[];
}

export interface HistoryPlan {
  /** Full hashes, one per line, oldest first. */
  readonly commits: Buffer;
  readonly total: number;
  readonly notes: readonly Note[];
}

export async function planHistory(root: string, range: HistoryRange): Promise<HistoryPlan> {
  const notes: Note[] = [];
  const revs = [...range.revs];
  if (range.all) revs.push('--all');
  if (revs.length === 0) {
    if ((await resolveCommit(root, 'HEAD')) === undefined) {
      return empty([{ path: '.', message: 'the current branch has no commits yet: nothing to scan' }]);
    }
    revs.push('HEAD');
  }
  if (range.sinceCommit !== undefined) {
    const since = await resolveCommit(root, range.sinceCommit);
    if (since === undefined) {
      throw new UsageError(
        `--since-commit ${range.sinceCommit}: no such commit here (in a shallow CI checkout, fetch it or use fetch-depth: 0)`,
      );
    }
    revs.push(`^${since}`);
  }
  // Both questions at once: each is a git process, and this is on the way to the scan.
  const shallow = isShallow(root);
  // Awaited below; until then a failure must not count as unhandled.
  shallow.catch(() => {});
  let commits: Buffer;
  try {
    commits = await revList(root, revs, range.pathspecs);
  } catch (error) {
    if (error instanceof GitError && /unknown revision|bad revision|ambiguous argument/i.test(error.stderr)) {
      throw new UsageError(`not a revision or range in this repository: ${range.revs.join(' ')}`);
    }
    throw error;
  }
  if (await shallow) {
    notes.push({
      path: '.',
      message:
        'shallow clone: only the commits it holds were scanned, and its oldest commits are diffed against an empty tree ' +
        '(what they contain is reported at them); fetch the full history (fetch-depth: 0) for a complete scan',
    });
  }
  let total = 0;
  for (let i = commits.indexOf(0x0a); i >= 0; i = commits.indexOf(0x0a, i + 1)) total++;
  if (total === 0) notes.push({ path: '.', message: 'no commits in the given range: nothing to scan' });
  return { commits, total, notes };
}

function empty(notes: Note[]): HistoryPlan {
  return { commits: Buffer.alloc(0), total: 0, notes };
}

export interface HistorySink {
  /** A commit starts; `index` is its position in the plan's list. */
  commit(commit: LogCommit, entries: readonly LogRawEntry[], index: number): void;
  /** Text to scan. May return a promise: reading waits for it. */
  fragment(fragment: Fragment, commitIndex: number): Promise<void> | undefined;
  note(note: Note): void;
}

export interface ReadOptions {
  /** Parallel `git log` processes, each over one contiguous slice of the commit list at a time. */
  readonly workers: number;
  readonly maxFileBytes: number;
  /** The budgets for opening archives (`limits:`); unset ones keep their defaults. */
  readonly archiveLimits?: Partial<ArchiveLimits>;
  readonly pathspecs: readonly string[];
  /** The fewest commits a slice holds (`MIN_SLICE_COMMITS`; smaller only in tests). */
  readonly sliceCommits?: number;
}

/** Reads the plan's commits into `sink`; returns the bytes of `git log` output read. */
export async function readHistory(root: string, plan: HistoryPlan, options: ReadOptions, sink: HistorySink): Promise<number> {
  if (plan.total === 0) return 0;
  const workers = Math.max(1, Math.min(options.workers, plan.total));
  // Newest slices first: they cost git the most, and the cheap old ones fill the end.
  const pending = slice(plan.commits, plan.total, sliceCount(plan.total, workers, options.sliceCommits ?? MIN_SLICE_COMMITS)).reverse();
  const processes = new Set<LogProcess>();
  const readers: BlobReader[] = [];
  let failed = false;
  // Each of `workers` lanes runs one `git log` at a time, and takes the next slice when it ends.
  const lane = async (): Promise<number> => {
    const blobs = new BlobReader(root);
    readers.push(blobs);
    let bytes = 0;
    for (let next = pending.shift(); next && !failed; next = pending.shift()) {
      // Each slice is given to git newest first, as `git log` walks: consecutive
      // versions of a file are then read in the order of their delta chains, and
      // git prints a chart history's patches with 7% less CPU than oldest first.
      // Findings are ordered by commit index, never by arrival.
      const log = logPatches(root, newestFirst(next.commits), LOG_FORMAT, options.pathspecs);
      processes.add(log);
      try {
        bytes += await readOne(log, next.after, options.maxFileBytes, sink, blobs, options.archiveLimits);
      } finally {
        processes.delete(log);
      }
    }
    return bytes;
  };
  try {
    const bytes = await Promise.all(Array.from({ length: workers }, lane));
    return bytes.reduce((sum, n) => sum + n, 0);
  } catch (error) {
    failed = true;
    for (const log of processes) log.kill();
    throw error;
  } finally {
    for (const blobs of readers) blobs.close();
  }
}

/**
 * How many slices `workers` git processes take the commit list in. One each left
 * them far apart: the newer half of a chart repository's history costs git twice
 * what the older half does (22.5 against 11.4 s), and the older one's process ended
 * while the other still had half its work to do, a core idle. Slices of at least
 * 4,000 commits, up to 8 a process, keep that tail to the cost of one old slice.
 * Each git process costs its start-up and the delta bases it must read again:
 * slices of 1,000 commits made a generated 5,000-commit history about 8% slower.
 */
function sliceCount(total: number, workers: number, fewest: number): number {
  if (workers === 1) return 1;
  return Math.max(workers, Math.min(workers * SLICES_PER_WORKER, Math.floor(total / fewest)));
}
const SLICES_PER_WORKER = 8;
const MIN_SLICE_COMMITS = 4000;

/** Reads one slice's `git log`, whose commits come newest first: `after` is the index just past the slice's newest. */
async function readOne(log: LogProcess, after: number, maxFileBytes: number, sink: HistorySink, blobs: BlobReader, archiveLimits?: Partial<ArchiveLimits>): Promise<number> {
  const parser = new LogParser(maxFileBytes);
  const state = { index: after, commit: undefined as LogCommit | undefined };
  const handle = async (events: ReturnType<LogParser['push']>): Promise<void> => {
    const wholeFiles = new WholeFileReads(events, blobs, maxFileBytes);
    for (const [at, event] of events.entries()) {
      if (event.type === 'commit') {
        state.index--;
        state.commit = event.commit;
        sink.commit(event.commit, event.entries, state.index);
        // The message is text the commit adds like any other (a token pasted into a subject).
        const wait = event.commit.message === '' ? undefined : sink.fragment(messageFragment(event.commit), state.index);
        if (wait) await wait;
        // So are the paths it adds. A merge's new paths were added by the commits it merges.
        if (event.commit.parents.length <= 1) {
          for (const entry of event.entries) {
            if (!addsPath(entry.status)) continue;
            const name = fileNameFragment(entry.path, { commit: commitInfo(event.commit), commitMessage: event.commit.message });
            const waitName = name ? sink.fragment(name, state.index) : undefined;
            if (waitName) await waitName;
          }
        }
      } else if (state.commit) {
        const wait = fileItem(event.file, state.commit, state.index, sink, blobs, maxFileBytes, wholeFiles.take(at), archiveLimits);
        if (wait) await wait;
      }
    }
  };
  try {
    // Reading stops while a handler awaits: that is the backpressure.
    for await (const chunk of log.stdout) await handle(parser.push(chunk));
    await handle(parser.end());
  } catch (error) {
    // git failing part-way (an object missing from the repository) cuts its
    // output short, and the parser then fails on the cut: git's own error says
    // what went wrong, so it is the one thrown when there is one. A git still
    // running is stopped first (its `done` then resolves), so the wait ends.
    log.kill();
    await log.done;
    throw error;
  }
  await log.done;
  return parser.bytes;
}

function fileItem(
  file: LogFile,
  commit: LogCommit,
  index: number,
  sink: HistorySink,
  blobs: BlobReader,
  maxFileBytes: number,
  whole: WholeFile,
  archiveLimits?: Partial<ArchiveLimits>,
): Promise<void> | undefined {
  if (file.path.includes('\uFFFD')) {
    sink.note({ path: file.path, message: 'path is not valid UTF-8: shown (and fingerprinted) with replacement characters' });
  }
  if (file.gitlink) {
    sink.note({ path: file.path, message: 'submodule: its history is its own repository; scan it there' });
    return undefined;
  }
  if (file.binary) return contentFile(file, commitInfo(commit), commit.message, index, sink, blobs, maxFileBytes, archiveLimits);
  if (file.oversized) {
    sink.note(capNote(file.path, file.addedBytes, maxFileBytes));
    return undefined;
  }
  if (file.addedLines.length === 0) return undefined;
  const fragment: Fragment = {
    path: file.path,
    text: whole.text,
    lineNumbers: file.addedLineNumbers,
    blob: file.newBlob,
    commit: commitInfo(commit),
    commitMessage: commit.message,
  };
  if (file.addedLines.some(isLfsOidLine)) return lfsFile(file, fragment, index, sink, blobs, maxFileBytes);
  // Manifests are parsed whole (the Kubernetes detector needs the keys a value sits under): `WholeFileReads` asked for them.
  if (!whole.content) return sink.fragment(fragment, index);
  return whole.content.then((content) => {
    const text = content?.toString('utf8');
    return sink.fragment(text !== undefined && structureMatters(file.path, file.addedLines, text, file.addedLineNumbers) ? { ...fragment, wholeFile: text } : fragment, index);
  });
}

const addedText = (file: LogFile): string => file.addedLines.join('\n');

/** Whether `fileItem` reads the file's new version whole: a manifest whose added lines may matter to it. */
function readsWholeFile(file: LogFile, text: string): boolean {
  if (file.gitlink || file.binary || file.oversized || file.addedLines.length === 0) return false;
  return wantsWholeFile(file.path) && mayHoldStructuredSecret(text) && !file.addedLines.some(isLfsOidLine);
}

/** A file's added text, joined once, and its whole new version when `fileItem` reads it. */
interface WholeFile {
  readonly text: string;
  readonly content: Promise<Buffer | undefined> | undefined;
}

/**
 * Whole-file reads asked for ahead. A lane used to ask for a manifest only when
 * it reached it, and waited for the answer with nothing else to do: 15,000
 * reads cost the chart repository's full history 18 s of such waits (summed
 * over its two lanes), with git's own processes blocked on their pipes
 * meanwhile. Reads are asked for up to `WHOLE_FILES_AHEAD` files before they
 * are reached, so `git cat-file` answers while the files before are detected;
 * at most that many contents are held before their turn.
 */
export class WholeFileReads {
  private readonly wanted: number[] = [];
  private readonly texts = new Map<number, string>();
  private readonly reads = new Map<number, Promise<Buffer | undefined>>();
  private asked = 0;

  constructor(
    private readonly events: readonly LogEvent[],
    private readonly blobs: BlobReader,
    private readonly maxFileBytes: number,
  ) {
    for (const [at, event] of events.entries()) {
      if (event.type !== 'file') continue;
      const text = addedText(event.file);
      this.texts.set(at, text);
      if (readsWholeFile(event.file, text)) this.wanted.push(at);
    }
  }

  /** The file of event `at`: its text, and its content's read when it is read whole, asked for now if not yet. */
  take(at: number): WholeFile {
    const text = this.texts.get(at);
    if (text === undefined) throw new Error(`internal error: event ${at} of a git log chunk is no file, or was taken twice`);
    this.texts.delete(at);
    if (this.wanted.length > 0) this.askUpTo(at);
    const content = this.reads.get(at);
    this.reads.delete(at);
    return { text, content };
  }

  private askUpTo(at: number): void {
    for (; this.asked < this.wanted.length; this.asked++) {
      const next = this.wanted[this.asked]!;
      if (next > at && this.reads.size >= WHOLE_FILES_AHEAD) return;
      const event = this.events[next] as Extract<LogEvent, { type: 'file' }>;
      const read = this.blobs.read(event.file.newBlob, this.maxFileBytes);
      // Awaited when its file is reached; a scan that fails before then must not leave it unhandled.
      read.catch(() => {});
      this.reads.set(next, read);
    }
  }
}

/** Whole-file reads a lane has asked for and not yet reached. */
export const WHOLE_FILES_AHEAD = 8;

const ZERO_OID = /^0*$/;
const LFS_OID_LINE = /^oid sha256:[0-9a-f]{64}$/;
/** The line of a git-lfs pointer that names its object (the length test first: this runs on every added line). */
const isLfsOidLine = (line: string): boolean => line.length === 75 && LFS_OID_LINE.test(line);

/**
 * A file git did not diff as text (its binary verdict, which attributes and
 * `core.bigFileThreshold` can force): its blobs are read and classified by
 * content, and what the commit adds is scanned (see `contentItems`).
 */
async function contentFile(
  file: LogFile,
  commit: CommitInfo,
  commitMessage: string,
  index: number,
  sink: HistorySink,
  blobs: BlobReader,
  maxFileBytes: number,
  archiveLimits: Partial<ArchiveLimits> | undefined,
): Promise<void> {
  const size = await blobs.size(file.newBlob);
  if (size === undefined) {
    sink.note({ path: file.path, message: `blob ${file.newBlob} is missing from the repository: not scanned`, level: 'unscanned' });
    return;
  }
  const hold = Math.min(WHOLE_BYTES, maxFileBytes);
  const bytes = size <= hold ? await blobs.read(file.newBlob, hold) : undefined;
  const old = ZERO_OID.test(file.oldBlob) ? undefined : file.oldBlob;
  const items = contentItems(
    file.path,
    {
      size,
      ...(bytes ? { bytes } : {}),
      stream: () => streamBlob(blobs.cwd, file.newBlob),
      ...(old ? { before: () => blobs.read(old, hold) } : {}),
    },
    { maxFileBytes, base: { blob: file.newBlob, commit, commitMessage }, ...(archiveLimits ? { archiveLimits } : {}) },
  );
  for await (const item of items) {
    if ('note' in item) sink.note(item.note);
    else await sink.fragment(item.fragment, index);
  }
}

/** A git-lfs pointer: the pointer's lines, and the object from the LFS store when it is there. */
async function lfsFile(file: LogFile, fragment: Fragment, index: number, sink: HistorySink, blobs: BlobReader, maxFileBytes: number): Promise<void> {
  await sink.fragment(fragment, index);
  const pointer = lfsPointer((await blobs.read(file.newBlob, 4096))?.toString('utf8') ?? '');
  if (!pointer) return;
  for await (const item of lfsObjectItems(file.path, pointer.oid, await lfsObjectsDir(blobs.cwd), maxFileBytes, { blob: file.newBlob, ...(fragment.commit ? { commit: fragment.commit } : {}), ...(fragment.commitMessage !== undefined ? { commitMessage: fragment.commitMessage } : {}) })) {
    if ('note' in item) sink.note(item.note);
    else await sink.fragment(item.fragment, index);
  }
}

/**
 * What findings carry of their commit. Not the message: the pipeline sets the
 * subject, masked, from `commitMessage`, so the clear text never reaches a report.
 */
function commitInfo(commit: LogCommit): CommitInfo {
  return { commit: commit.commit, author: commit.author, email: commit.email, date: commit.date };
}

/** A commit's message as a fragment of its own, under `COMMIT_MESSAGE_PATH`, line 1 its subject. */
function messageFragment(commit: LogCommit): Fragment {
  return { path: COMMIT_MESSAGE_PATH, text: commit.message, commit: commitInfo(commit), commitMessage: commit.message };
}

/** Hash lines (each ending in a newline) in the opposite order. */
function newestFirst(commits: Buffer): Buffer {
  const lines: Buffer[] = [];
  for (let start = 0; start < commits.length; ) {
    const end = commits.indexOf(0x0a, start) + 1 || commits.length;
    lines.push(commits.subarray(start, end));
    start = end;
  }
  return Buffer.concat(lines.reverse());
}

/**
 * Splits the newline-separated hash list into `count` contiguous slices; `after`
 * is the index just past a slice's last (newest) commit.
 */
function slice(commits: Buffer, total: number, count: number): { commits: Buffer; after: number }[] {
  const slices: { commits: Buffer; after: number }[] = [];
  let start = 0;
  let line = 0;
  for (let i = 0; i < count; i++) {
    const lines = Math.floor((total * (i + 1)) / count) - Math.floor((total * i) / count);
    let end = start;
    for (let n = 0; n < lines; n++) end = commits.indexOf(0x0a, end) + 1;
    line += lines;
    slices.push({ commits: commits.subarray(start, end), after: line });
    start = end;
  }
  return slices;
}
