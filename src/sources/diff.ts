/**
 * Pure parser for `git diff --raw -z -p -U0` output (see `stagedDiffArgs`).
 *
 * The `--raw -z` part comes first and names every changed file exactly: paths are
 * NUL-terminated bytes, so spaces, quotes, newlines and non-ASCII survive without
 * unquoting. The patch part follows in the same order, one `diff --git` section per
 * entry; from it we take only the added lines and their line numbers in the new file.
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

export function parseRawPatch(output: Buffer): FileDiff[] {
  const { entries, end } = parseRawEntries(output);
  const sections = splitSections(output.toString('utf8', end));
  const withPatch = entries.filter((entry) => entry.status !== 'U');
  // A type change (a file replaced by a symlink, or back) is patched as a deletion
  // and then an addition: two sections, of which the second holds the new content.
  const expected = withPatch.reduce((n, entry) => n + (entry.status === 'T' ? 2 : 1), 0);
  if (sections.length !== expected) {
    throw new Error(
      `unexpected git diff output: ${withPatch.length} changed files but ${sections.length} patch sections`,
    );
  }
  let next = 0;
  return withPatch.map((entry) => {
    if (entry.status === 'T') next++;
    return { ...entry, ...parseSection(sections[next++] ?? '') };
  });
}

function parseRawEntries(buf: Buffer): { entries: DiffEntry[]; end: number } {
  const entries: DiffEntry[] = [];
  let pos = 0;
  const readField = (): string => {
    const nul = buf.indexOf(NUL, pos);
    if (nul < 0) throw new Error('unexpected git diff output: unterminated raw entry');
    const field = buf.toString('utf8', pos, nul);
    pos = nul + 1;
    return field;
  };
  while (pos < buf.length && buf[pos] === COLON) {
    // ":100644 100644 <old> <new> R100"
    const meta = readField().slice(1).split(' ');
    const [oldMode = '', newMode = '', oldBlob = '', newBlob = '', statusField = ''] = meta;
    const status = statusField.charAt(0) as DiffStatus;
    const first = readField();
    if (status === 'R' || status === 'C') {
      const second = readField();
      entries.push({ status, path: second, oldPath: first, oldMode, newMode, oldBlob, newBlob });
    } else {
      entries.push({ status, path: first, oldMode, newMode, oldBlob, newBlob });
    }
  }
  while (pos < buf.length && buf[pos] === NUL) pos++;
  return { entries, end: pos };
}

function splitSections(patch: string): string[] {
  if (patch.length === 0) return [];
  const sections: string[] = [];
  // Content lines always start with '+', '-', ' ' or '\\', so a line starting with
  // "diff --git " is a header.
  let start = patch.startsWith('diff --git ') ? 0 : -1;
  if (start < 0) throw new Error('unexpected git diff output: patch does not start with a diff header');
  for (;;) {
    const next = patch.indexOf('\ndiff --git ', start + 1);
    if (next < 0) {
      sections.push(patch.slice(start));
      return sections;
    }
    sections.push(patch.slice(start, next + 1));
    start = next + 1;
  }
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

function parseSection(section: string): Pick<FileDiff, 'binary' | 'addedLines' | 'addedLineNumbers' | 'addedBytes'> {
  const addedLines: string[] = [];
  const addedLineNumbers: number[] = [];
  let addedBytes = 0;
  let binary = false;
  let inHunks = false;
  let nextLine = 0;
  let pos = 0;
  while (pos < section.length) {
    let eol = section.indexOf('\n', pos);
    if (eol < 0) eol = section.length;
    const first = section.charCodeAt(pos);
    if (inHunks && first === 0x2b /* + */) {
      let text = section.slice(pos + 1, eol);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      addedLines.push(text);
      addedLineNumbers.push(nextLine++);
      addedBytes += Buffer.byteLength(text) + 1;
    } else if (first === 0x40 /* @ */) {
      const match = HUNK.exec(section.slice(pos, Math.min(eol, pos + 100)));
      if (match) {
        inHunks = true;
        nextLine = Number(match[1]);
      }
    } else if (!inHunks && (section.startsWith('Binary files ', pos) || section.startsWith('GIT binary patch', pos))) {
      binary = true;
    }
    pos = eol + 1;
  }
  return { binary, addedLines, addedLineNumbers, addedBytes };
}
