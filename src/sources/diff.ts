/**
 * Pure parser for `git diff --raw -z -p -U0` output (see `stagedDiffArgs`), fed
 * as git prints it (`RawPatchParser`) or whole (`parseRawPatch`).
 *
 * The `--raw -z` part comes first and names every changed file exactly: paths are
 * NUL-terminated bytes, so spaces, quotes, newlines and non-ASCII survive without
 * unquoting. The patch part follows in the same order, one `diff --git` section per
 * entry; from it we take only the added lines and their line numbers in the new file.
 * A file comes out as soon as its section is complete (the next header, or the end),
 * so memory holds one file's added lines, not the whole diff.
 */

export type DiffStatus = 'A' | 'C' | 'D' | 'M' | 'R' | 'T' | 'U' | 'X';

export interface DiffEntry {
  readonly status: DiffStatus;
  /** Path in the new tree (for deletions, the deleted path). */
  readonly path: string;
  /** Source path of a rename or copy. */
  readonly oldPath?: string;
  readonly oldMode: string;
  readonly newMode: string;
  readonly oldBlob: string;
  readonly newBlob: string;
}

export interface FileDiff extends DiffEntry {
  readonly binary: boolean;
  /** Added line texts (without the leading `+`, trailing `\r` removed). */
  readonly addedLines: readonly string[];
  /** 1-based line numbers in the new file, parallel to `addedLines`. */
  readonly addedLineNumbers: readonly number[];
  /** UTF-8 bytes of the added lines, for the size cap. */
  readonly addedBytes: number;
}

/** Git's mode for a gitlink (submodule entry). */
export const GITLINK_MODE = '160000';

const COLON = 0x3a;
const NUL = 0x00;
const NEWLINE = 0x0a;
const HEADER = 'diff --git ';
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parseRawPatch(output: Buffer): FileDiff[] {
  const parser = new RawPatchParser();
  return [...parser.push(output), ...parser.end()];
}

interface Section {
  binary: boolean;
  inHunks: boolean;
  nextLine: number;
  addedLines: string[];
  addedLineNumbers: number[];
  addedBytes: number;
}

export class RawPatchParser {
  /** Raw entries that get a patch section (an unmerged path gets none), in order. */
  private readonly entries: DiffEntry[] = [];
  private inPatch = false;
  /**
   * Bytes not parsed yet: part of a raw entry, or of a line (a long minified line
   * spans many chunks: they are kept apart and joined once its newline comes).
   */
  private pending: Buffer[] = [];
  private section: Section | undefined;
  /** Sections seen, and the next entry to pair one with. */
  private sections = 0;
  private next = 0;
  /** A type change's first section (the deletion) has been seen: the next one holds the new content. */
  private typeChangeOpen = false;
  private out: FileDiff[] = [];

  /** Parses what `chunk` completes; returns the files it finished. */
  push(chunk: Buffer): FileDiff[] {
    if (this.inPatch && chunk.lastIndexOf(NEWLINE) < 0) {
      this.pending.push(chunk);
      return [];
    }
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([...this.pending, chunk]);
    this.pending = [];
    if (!this.inPatch) {
      const end = this.readRawEntries(buf, false);
      if (!this.inPatch) {
        if (end < buf.length) this.pending.push(Buffer.from(buf.subarray(end)));
        return this.take();
      }
      buf = buf.subarray(end);
    }
    // Whole lines only: a UTF-8 character may straddle two chunks.
    const cut = buf.lastIndexOf(NEWLINE);
    if (cut + 1 < buf.length) this.pending.push(Buffer.from(buf.subarray(cut + 1)));
    if (cut >= 0) this.patchLines(buf.toString('utf8', 0, cut + 1));
    return this.take();
  }

  /** The end of the output: finishes the last file, and checks that every entry got its section. */
  end(): FileDiff[] {
    let rest = Buffer.concat(this.pending);
    this.pending = [];
    if (!this.inPatch) rest = rest.subarray(this.readRawEntries(rest, true));
    // A last line without its newline.
    if (rest.length > 0) this.patchLines(rest.toString('utf8'));
    this.finishSection();
    const expected = this.entries.reduce((n, entry) => n + (entry.status === 'T' ? 2 : 1), 0);
    if (this.sections !== expected) {
      throw new Error(`unexpected git diff output: ${this.entries.length} changed files but ${this.sections} patch sections`);
    }
    return this.take();
  }

  private take(): FileDiff[] {
    const files = this.out;
    this.out = [];
    return files;
  }

  /**
   * Reads the complete raw entries of `buf`; returns where reading stopped. Sets
   * `inPatch` once a byte follows the entries (and their NUL padding) that starts
   * no entry: the patch. `last`: no more bytes will come.
   */
  private readRawEntries(buf: Buffer, last: boolean): number {
    let pos = 0;
    const field = (from: number): [string, number] | undefined => {
      const nul = buf.indexOf(NUL, from);
      return nul < 0 ? undefined : [buf.toString('utf8', from, nul), nul + 1];
    };
    for (;;) {
      let start = pos;
      while (start < buf.length && buf[start] === NUL) start++;
      if (start >= buf.length) {
        if (last) {
          this.inPatch = true;
          return start;
        }
        return pos;
      }
      if (buf[start] !== COLON) {
        this.inPatch = true;
        return start;
      }
      // ":100644 100644 <old> <new> R100"
      const meta = field(start);
      const first = meta && field(meta[1]);
      if (!meta || !first) {
        if (last) throw new Error('unexpected git diff output: unterminated raw entry');
        return pos;
      }
      const [oldMode = '', newMode = '', oldBlob = '', newBlob = '', statusField = ''] = meta[0].slice(1).split(' ');
      const status = statusField.charAt(0) as DiffStatus;
      let entry: DiffEntry;
      if (status === 'R' || status === 'C') {
        const second = field(first[1]);
        if (!second) {
          if (last) throw new Error('unexpected git diff output: unterminated raw entry');
          return pos;
        }
        entry = { status, path: second[0], oldPath: first[0], oldMode, newMode, oldBlob, newBlob };
        pos = second[1];
      } else {
        entry = { status, path: first[0], oldMode, newMode, oldBlob, newBlob };
        pos = first[1];
      }
      if (status !== 'U') this.entries.push(entry);
    }
  }

  /** Complete lines of the patch part (the last one may lack its newline only at the end). */
  private patchLines(text: string): void {
    let pos = 0;
    if (this.sections === 0 && this.section === undefined && text.length > 0 && !text.startsWith(HEADER)) {
      throw new Error('unexpected git diff output: patch does not start with a diff header');
    }
    while (pos < text.length) {
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length;
      const first = text.charCodeAt(pos);
      const section = this.section;
      // Content lines always start with '+', '-', ' ' or '\\', so a line starting with
      // "diff --git " is a header.
      if (first === 0x64 /* d */ && text.startsWith(HEADER, pos)) {
        this.finishSection();
        this.sections++;
        this.section = { binary: false, inHunks: false, nextLine: 0, addedLines: [], addedLineNumbers: [], addedBytes: 0 };
      } else if (!section) {
        // Nothing but headers can come before the first section (checked above).
      } else if (section.inHunks && first === 0x2b /* + */) {
        let end = eol;
        if (text.charCodeAt(end - 1) === 0x0d /* \r */) end--;
        const line = text.slice(pos + 1, end);
        section.addedLines.push(line);
        section.addedLineNumbers.push(section.nextLine++);
        section.addedBytes += Buffer.byteLength(line) + 1;
      } else if (first === 0x40 /* @ */) {
        const match = HUNK.exec(text.slice(pos, Math.min(eol, pos + 100)));
        if (match) {
          section.inHunks = true;
          section.nextLine = Number(match[1]);
        }
      } else if (!section.inHunks && (text.startsWith('Binary files ', pos) || text.startsWith('GIT binary patch', pos))) {
        section.binary = true;
      }
      pos = eol + 1;
    }
  }

  /** Pairs the finished section with its raw entry. */
  private finishSection(): void {
    const section = this.section;
    if (!section) return;
    this.section = undefined;
    const entry = this.entries[this.next];
    if (!entry) return;
    // A type change (a file replaced by a symlink, or back) is patched as a deletion
    // and then an addition: two sections, of which the second holds the new content.
    if (entry.status === 'T' && !this.typeChangeOpen) {
      this.typeChangeOpen = true;
      return;
    }
    this.typeChangeOpen = false;
    this.next++;
    const { binary, addedLines, addedLineNumbers, addedBytes } = section;
    this.out.push({ ...entry, binary, addedLines, addedLineNumbers, addedBytes });
  }
}
