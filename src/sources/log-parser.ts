/**
 * Pure streaming parser for the output of `git log` with the arguments of
 * `historyLogArgs` (`--raw -z -p -U0 --cc --full-index` and `LOG_FORMAT`).
 *
 * Chunks go in as git writes them; commits and per-file added lines come out as
 * soon as they are complete, so memory is bounded by one file's added lines (and
 * those are capped: past `maxFileBytes` a file's lines are counted, not kept).
 *
 * The stream, per commit:
 *   \x01 hash \0 parents \0 author \0 email \0 date \0 message \0   the header (LOG_FORMAT; git refuses a NUL in a message)
 *   [\0\n]*                                                         separators git adds with -z
 *   :modes blobs status \0 path \0 [path \0]                        raw entries (`::` for merges)
 *   [\0\n]*
 *   diff --git / diff --cc ... lines                                the patch, one section per file
 * A line starting with \x01 can only be the next header: patch content lines start
 * with `+`, `-`, ` ` or `\`, and header lines with fixed words.
 *
 * Paths come from the raw entries (NUL-terminated, never quoted), matched to patch
 * sections by the full new blob id on the section's `index` line.
 */
import type { CommitInfo } from '../types.js';
import { GITLINK_MODE, type DiffStatus } from './diff.js';

/** `--format` for `git log`: a \x01 marker, then NUL-terminated fields. */
export const LOG_FORMAT = '%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x00';

export interface LogCommit extends Omit<CommitInfo, 'message'> {
  readonly parents: readonly string[];
  /** The whole message (subject and body, trailing newlines dropped), in clear: scanned, never reported as it is. */
  readonly message: string;
}

/** One raw entry: a changed path. For merges (`::`), the blob and mode are the result's. */
export interface LogRawEntry {
  readonly status: DiffStatus;
  readonly path: string;
  /** Source of a rename or copy. */
  readonly oldPath?: string;
  readonly newMode: string;
  readonly newBlob: string;
}

export interface LogFile {
  readonly path: string;
  readonly newBlob: string;
  /** The blob before (the first parent's, for a merge); all zeros for an added file. */
  readonly oldBlob: string;
  readonly binary: boolean;
  /** A submodule entry: its "Subproject commit" lines are not content. */
  readonly gitlink: boolean;
  /** Added lines (for merges: lines in no parent), without the prefix, `\r` removed. */
  readonly addedLines: readonly string[];
  /** 1-based line numbers in the new file, parallel to `addedLines`. */
  readonly addedLineNumbers: readonly number[];
  /** UTF-8 bytes of all added lines, counted even past the cap. */
  readonly addedBytes: number;
  /** More than `maxFileBytes` were added: `addedLines` is empty. */
  readonly oversized: boolean;
}

export type LogEvent =
  | { readonly type: 'commit'; readonly commit: LogCommit; readonly entries: readonly LogRawEntry[] }
  | { readonly type: 'file'; readonly file: LogFile };

type State = 'between' | 'header' | 'raw' | 'patch';

const MARKER = '\x01';
const NUL = '\0';
const HEADER_FIELDS = 6;
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)/;
const COMBINED_HUNK = /^@@@+ (?:-\d+(?:,\d+)? )+\+(\d+)/;
const ZERO_BLOB = /^0+$/;

interface Section {
  combined: boolean;
  /** Prefix columns of a content line: 1, or the number of parents for `--cc`. */
  columns: number;
  newBlob: string;
  oldBlob: string;
  plusPath: string | undefined;
  binary: boolean;
  inHunks: boolean;
  nextLine: number;
  lines: string[];
  numbers: number[];
  bytes: number;
}

export class LogParser {
  private state: State = 'between';
  private text = '';
  private pos = 0;
  /** Undecoded bytes after the last delimiter seen (a UTF-8 character may straddle chunks). */
  private tail: Buffer[] = [];
  private header: string[] = [];
  private commit: LogCommit | undefined;
  private entries: LogRawEntry[] = [];
  private byBlob = new Map<string, LogRawEntry[]>();
  private section: Section | undefined;
  private events: LogEvent[] = [];
  /** Bytes of git output seen. */
  bytes = 0;

  constructor(private readonly maxFileBytes: number) {}

  /** Parses what `chunk` completes; returns the events it finished. */
  push(chunk: Buffer): LogEvent[] {
    this.bytes += chunk.length;
    const cut = Math.max(chunk.lastIndexOf(0x0a), chunk.lastIndexOf(0x00));
    if (cut < 0) {
      this.tail.push(chunk);
      return [];
    }
    const head = chunk.subarray(0, cut + 1);
    const decoded = this.tail.length === 0 ? head.toString('utf8') : Buffer.concat([...this.tail, head]).toString('utf8');
    this.tail = cut + 1 < chunk.length ? [Buffer.from(chunk.subarray(cut + 1))] : [];
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + decoded : decoded;
    this.pos = 0;
    this.run();
    return this.take();
  }

  /** The end of the stream: finishes the last file and commit. */
  end(): LogEvent[] {
    if (this.tail.length > 0) {
      this.text = this.text.slice(this.pos) + Buffer.concat(this.tail).toString('utf8');
      this.pos = 0;
      this.tail = [];
    }
    // A last line without its newline (git always ends lines; be lenient).
    if (this.state === 'patch' && this.pos < this.text.length && !this.text.endsWith('\n')) this.text += '\n';
    this.run();
    if (this.state === 'raw' || this.state === 'header') this.startPatch();
    this.finishSection();
    this.pos = this.text.length;
    return this.take();
  }

  private take(): LogEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private run(): void {
    const { text } = this;
    for (;;) {
      if (this.state === 'between') {
        while (this.pos < text.length && text[this.pos] !== MARKER) this.pos++;
        if (this.pos >= text.length) return;
        this.pos++;
        this.state = 'header';
        this.header = [];
      } else if (this.state === 'header') {
        const nul = text.indexOf(NUL, this.pos);
        if (nul < 0) return;
        this.header.push(text.slice(this.pos, nul));
        this.pos = nul + 1;
        if (this.header.length === HEADER_FIELDS) this.startCommit();
      } else if (this.state === 'raw') {
        while (this.pos < text.length && (text[this.pos] === NUL || text[this.pos] === '\n')) this.pos++;
        if (this.pos >= text.length) return;
        if (text[this.pos] !== ':') {
          this.startPatch();
          continue;
        }
        if (!this.readRawEntry()) return;
      } else {
        const eol = text.indexOf('\n', this.pos);
        if (text[this.pos] === MARKER) {
          this.finishCommit();
          continue;
        }
        if (eol < 0) return;
        this.patchLine(this.pos, eol);
        this.pos = eol + 1;
      }
    }
  }

  private startCommit(): void {
    this.finishCommit();
    const [commit = '', parents = '', author = '', email = '', date = '', message = ''] = this.header;
    this.commit = {
      commit,
      parents: parents === '' ? [] : parents.split(' '),
      author,
      email,
      date,
      message: message.replace(/\n+$/, ''),
    };
    this.entries = [];
    this.byBlob = new Map();
    this.state = 'raw';
  }

  /** Reads one raw entry at `pos` if all its fields are here; false to wait for more. */
  private readRawEntry(): boolean {
    const { text } = this;
    const metaEnd = text.indexOf(NUL, this.pos);
    if (metaEnd < 0) return false;
    const meta = text.slice(this.pos, metaEnd);
    const fields = meta.replace(/^:+/, '').split(' ');
    const parents = meta.length - meta.replace(/^:+/, '').length;
    const statusField = fields[fields.length - 1] ?? '';
    // Non-merge: ":old new oldBlob newBlob status"; merge: "::m1 m2 m b1 b2 b ss".
    const newMode = fields[parents] ?? '';
    const newBlob = fields[2 * parents + 1] ?? '';
    const status = (parents > 1 ? statusField.replace(/[^A-Z]/g, '').slice(-1) || 'M' : statusField.charAt(0)) as DiffStatus;
    const twoPaths = parents === 1 && (status === 'R' || status === 'C');
    const firstEnd = text.indexOf(NUL, metaEnd + 1);
    if (firstEnd < 0) return false;
    let entry: LogRawEntry;
    let end = firstEnd;
    if (twoPaths) {
      const secondEnd = text.indexOf(NUL, firstEnd + 1);
      if (secondEnd < 0) return false;
      entry = { status, path: text.slice(firstEnd + 1, secondEnd), oldPath: text.slice(metaEnd + 1, firstEnd), newMode, newBlob };
      end = secondEnd;
    } else {
      entry = { status, path: text.slice(metaEnd + 1, firstEnd), newMode, newBlob };
    }
    this.pos = end + 1;
    this.entries.push(entry);
    const same = this.byBlob.get(newBlob);
    if (same) same.push(entry);
    else this.byBlob.set(newBlob, [entry]);
    return true;
  }

  private startPatch(): void {
    if (this.commit) this.events.push({ type: 'commit', commit: this.commit, entries: this.entries });
    this.state = 'patch';
  }

  private finishCommit(): void {
    if (this.state === 'raw' || this.state === 'header') this.startPatch();
    this.finishSection();
    this.commit = undefined;
    this.state = 'between';
  }

  private patchLine(start: number, eol: number): void {
    const { text } = this;
    const first = text.charCodeAt(start);
    const section = this.section;
    if (section?.inHunks) {
      if (first === 0x2b /* + */ || first === 0x2d /* - */ || first === 0x20 /* space */) {
        this.hunkLine(section, start, eol);
        return;
      }
      if (first === 0x5c /* \ No newline at end of file */) return;
    }
    if (first === 0x64 /* d */ && text.startsWith('diff --', start)) {
      this.finishSection();
      const combined = !text.startsWith('diff --git ', start);
      this.section = {
        combined,
        columns: combined ? Math.max(2, this.commit?.parents.length ?? 2) : 1,
        newBlob: '',
        oldBlob: '',
        plusPath: undefined,
        binary: false,
        inHunks: false,
        nextLine: 0,
        lines: [],
        numbers: [],
        bytes: 0,
      };
      return;
    }
    if (!section) return;
    if (first === 0x40 /* @ */) {
      const line = text.slice(start, Math.min(eol, start + 120));
      const match = (section.combined ? COMBINED_HUNK : HUNK).exec(line);
      if (match) {
        section.inHunks = true;
        section.nextLine = Number(match[1]);
      }
    } else if (section.inHunks) {
      return;
    } else if (text.startsWith('index ', start)) {
      const line = text.slice(start + 6, eol);
      const dots = line.indexOf('..');
      const space = line.indexOf(' ', dots);
      section.newBlob = line.slice(dots + 2, space < 0 ? undefined : space);
      section.oldBlob = line.slice(0, dots).split(',')[0] ?? '';
    } else if (text.startsWith('Binary files ', start)) {
      section.binary = true;
    } else if (text.startsWith('+++ ', start)) {
      section.plusPath = unquotePlusPath(text.slice(start + 4, eol));
    }
  }

  private hunkLine(section: Section, start: number, eol: number): void {
    const { text } = this;
    const columns = section.columns;
    let added = true;
    let inResult = true;
    for (let i = 0; i < columns; i++) {
      const c = text.charCodeAt(start + i);
      if (c !== 0x2b) added = false;
      if (c === 0x2d) inResult = false;
    }
    if (!inResult) return;
    const number = section.nextLine++;
    if (!added) return;
    let end = eol;
    if (text.charCodeAt(end - 1) === 0x0d) end--;
    const line = text.slice(start + columns, end);
    const bytes = Buffer.byteLength(line) + 1;
    section.bytes += bytes;
    if (section.bytes > this.maxFileBytes) {
      if (section.lines.length > 0) {
        section.lines = [];
        section.numbers = [];
      }
      return;
    }
    section.lines.push(line);
    section.numbers.push(number);
  }

  private finishSection(): void {
    const section = this.section;
    if (!section) return;
    this.section = undefined;
    const entry = this.entryFor(section);
    const path = entry?.path ?? section.plusPath;
    if (path === undefined) return;
    if (section.lines.length === 0 && !section.binary && section.bytes === 0) return;
    const oversized = section.bytes > this.maxFileBytes;
    this.events.push({
      type: 'file',
      file: {
        path,
        newBlob: entry?.newBlob ?? section.newBlob,
        oldBlob: section.oldBlob,
        binary: section.binary,
        gitlink: entry?.newMode === GITLINK_MODE,
        addedLines: oversized ? [] : section.lines,
        addedLineNumbers: oversized ? [] : section.numbers,
        addedBytes: section.bytes,
        oversized,
      },
    });
  }

  /** The raw entry a patch section belongs to: the next one with its new blob id. */
  private entryFor(section: Section): LogRawEntry | undefined {
    if (section.newBlob === '' || ZERO_BLOB.test(section.newBlob)) return undefined;
    const queue = this.byBlob.get(section.newBlob);
    if (!queue || queue.length === 0) return undefined;
    return queue.length === 1 ? queue[0] : queue.shift();
  }
}

/**
 * The path of a `+++ b/<path>` line, used only when no raw entry matched: C-style
 * quoted when it holds control characters, quotes or backslashes; git appends a
 * tab when the path holds a space.
 */
export function unquotePlusPath(value: string): string | undefined {
  let raw = value.endsWith('\t') ? value.slice(0, -1) : value;
  if (raw === '/dev/null') return undefined;
  if (raw.startsWith('"') && raw.endsWith('"')) raw = unquoteC(raw.slice(1, -1));
  return raw.startsWith('b/') ? raw.slice(2) : raw;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };

function unquoteC(body: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
