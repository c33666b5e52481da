/**
 * From a file's bytes to what is scanned: one place that every source calls for
 * content git did not diff as text (a file git takes for binary, whatever the
 * reason: attributes, `core.bigFileThreshold`, a NUL byte), for git-lfs objects,
 * and for `leakgate files`. Pure over its input: the bytes come in as a buffer or
 * a stream the caller opens.
 *
 * - Up to `WHOLE_BYTES`, the content is held and classified (`classifyContent`):
 *   text is decoded (UTF-16/32 included) and, when the previous version is given,
 *   only its added lines are scanned; a binary is scanned as its printable strings
 *   (only those the previous version did not hold), or passed whole when it is a
 *   key store.
 * - Above, the content is streamed and scanned whole in windows of `WINDOW_CHARS`
 *   that overlap by `WINDOW_OVERLAP`, so memory stays bounded and no secret is cut.
 * - Above `maxFileBytes` (the `maxFileSize` setting), nothing is read: an
 *   `unscanned` note says so, which blocks a commit and fails `files`/`history`
 *   unless the user accepts it.
 */
import { isKeyStore, wantsWholeFile } from '../structured-files.js';
import type { Fragment, Note } from '../types.js';
import {
  addedLineNumbers,
  classifyContent,
  decodeText,
  normalizeNewlines,
  printableStrings,
  SNIFF_BYTES,
  textDecoder,
  type ContentKind,
} from './content.js';
import { ARCHIVE_LIMIT_KEYS, DEFAULT_ARCHIVE_LIMITS, detectArchive, openArchive, type ArchiveLimits } from './archive.js';
import { fileNameFragment } from './file-names.js';
import { formatBytes, type SourceItem } from './source.js';
import { nodeCrypto } from '../lazy-builtins.js';

/** Content up to this size is held in memory; larger content is streamed in windows. */
export const WHOLE_BYTES = 8 * 1024 * 1024;
/** Characters per window of a streamed file. */
export const WINDOW_CHARS = 4 * 1024 * 1024;
/**
 * How far windows overlap: at least the longest secret a rule can match (a PEM
 * private key written on one line is about 3.3 KB for RSA 4096), with room to spare.
 */
export const WINDOW_OVERLAP = 64 * 1024;
/** Text a window keeps before what it owns when it has to start mid-line. */
const WINDOW_CONTEXT = 1024;

export interface ContentInput {
  readonly size: number;
  /** The bytes, when the caller has them already. */
  readonly bytes?: Uint8Array;
  /** Opens the bytes as a stream (used above `WHOLE_BYTES`). */
  readonly stream?: () => AsyncIterable<Uint8Array>;
  /** The previous version's bytes (a modified file): only what is new is scanned. */
  readonly before?: () => Promise<Uint8Array | undefined>;
}

export interface ContentOptions {
  readonly maxFileBytes: number;
  /** Fields every fragment carries (blob, commit). */
  readonly base?: Partial<Pick<Fragment, 'blob' | 'commit' | 'commitMessage'>>;
  /** What to tell the user to raise the cap (the config key). */
  readonly capHint?: string;
  /** The content is the file as it is (`files`, an LFS object): one fragment of all its text, no `lineNumbers`. */
  readonly whole?: boolean;
  /** The budgets for opening archives (`limits:` in the config); unset ones keep their defaults. */
  readonly archiveLimits?: Partial<ArchiveLimits>;
}

export const CAP_HINT = 'raise maxFileSize in .leakgate.yaml, or list the path under allow.paths';

export function capNote(path: string, size: number, maxFileBytes: number, hint = CAP_HINT): Note {
  return {
    path,
    message: `not scanned: ${formatBytes(size)}, above the ${formatBytes(maxFileBytes)} limit (${hint})`,
    level: 'unscanned',
  };
}

export async function* contentItems(path: string, input: ContentInput, options: ContentOptions): AsyncIterable<SourceItem> {
  // An archive has budgets of its own (limits.archive*), above or below maxFileSize:
  // its members are scanned in its place, each as a file (`a.zip!x/.env`).
  const archive = await archiveBytes(input, options.archiveLimits);
  if (archive === OVER_ARCHIVE_BUDGET) {
    // Scanned as a binary's strings instead, its compressed members would pass unseen.
    const limit = options.archiveLimits?.totalBytes ?? DEFAULT_ARCHIVE_LIMITS.totalBytes;
    const message = `not opened: an archive of ${formatBytes(input.size)}, above the ${formatBytes(limit)} limit on archives`;
    yield { note: { path, message, level: 'unscanned', setting: ARCHIVE_LIMIT_KEYS.totalBytes } };
    return;
  }
  if (archive) {
    yield* archiveItems(path, archive, input, options);
    return;
  }
  if (input.size > options.maxFileBytes) {
    yield { note: capNote(path, input.size, options.maxFileBytes, options.capHint) };
    return;
  }
  const base = options.base ?? {};
  if (input.size > WHOLE_BYTES && input.stream) {
    yield* windowItems(path, input.stream(), base);
    return;
  }
  const bytes = input.bytes ?? (input.stream ? await collect(input.stream()) : new Uint8Array(0));
  const kind = classifyContent(bytes);
  if (kind.kind === 'binary') {
    if (isKeyStore(path)) {
      yield { fragment: { path, text: '', binary: true, bytes, ...base } };
      return;
    }
    const after = printableStrings(bytes);
    if (after.text === '') return;
    const previous = input.before ? await input.before() : undefined;
    const before = previous && classifyContent(previous).kind === 'binary' ? printableStrings(previous).text : undefined;
    const added = addedLineNumbers(before, after.text);
    if (added.lines.length === 0) return;
    yield {
      fragment: {
        path,
        text: added.lines.join('\n'),
        lineNumbers: added.numbers.map((n) => after.lineNumbers[n - 1]!),
        printable: true,
        ...base,
      },
    };
    return;
  }
  const text = decodeText(bytes, kind);
  if (options.whole) {
    yield { fragment: { path, text, ...base } };
    return;
  }
  const previous = input.before ? await input.before() : undefined;
  const beforeText = previous ? decodeAs(previous) : undefined;
  const added = addedLineNumbers(beforeText, text);
  if (added.lines.length === 0) return;
  yield {
    fragment: {
      path,
      text: added.lines.join('\n'),
      lineNumbers: added.numbers,
      ...(wantsWholeFile(path) ? { wholeFile: text } : {}),
      ...base,
    },
  };
}

/** Bytes a sniff reads to tell an archive by its magic number before reading a large file whole. */
const ARCHIVE_SNIFF_BYTES = 8000;

const OVER_ARCHIVE_BUDGET = Symbol('an archive above limits.archiveBytes');

/**
 * The content's bytes when it is an archive within the total budget,
 * `OVER_ARCHIVE_BUDGET` for an archive above it, else undefined. Content above
 * `WHOLE_BYTES` that is not in memory is sniffed first, so a large text file is
 * never read whole just to learn it is no archive.
 */
async function archiveBytes(input: ContentInput, limits: Partial<ArchiveLimits> | undefined): Promise<Uint8Array | typeof OVER_ARCHIVE_BUDGET | undefined> {
  const over = input.size > (limits?.totalBytes ?? DEFAULT_ARCHIVE_LIMITS.totalBytes);
  if (input.bytes) return detectArchive(input.bytes) ? (over ? OVER_ARCHIVE_BUDGET : input.bytes) : undefined;
  if (!input.stream) return undefined;
  if (input.size > WHOLE_BYTES || over) {
    const head: Uint8Array[] = [];
    let got = 0;
    for await (const chunk of input.stream()) {
      head.push(chunk);
      got += chunk.length;
      if (got >= ARCHIVE_SNIFF_BYTES) break;
    }
    if (!detectArchive(Buffer.concat(head))) return undefined;
    if (over) return OVER_ARCHIVE_BUDGET;
  }
  const bytes = await collect(input.stream());
  return detectArchive(bytes) ? bytes : undefined;
}

/**
 * An archive's members, each classified and scanned whole like a file of its own,
 * and a note for whatever was not opened (`openArchive`). When the previous
 * version is an archive too (a staged or committed change), members whose bytes
 * it already held are left out: changing one file in a jar does not report the
 * rest of the jar again.
 */
async function* archiveItems(path: string, bytes: Uint8Array, input: ContentInput, options: ContentOptions): AsyncIterable<SourceItem> {
  const limits = options.archiveLimits ?? {};
  const previous = input.before ? await input.before() : undefined;
  const known = new Set<string>();
  const knownNames = new Set<string>();
  const digest = (member: Uint8Array): string => nodeCrypto().createHash('sha1').update(member).digest('hex');
  if (previous && detectArchive(previous)) {
    for (const item of openArchive(previous, path, limits)) {
      if (!('member' in item)) continue;
      known.add(digest(item.member.bytes));
      knownNames.add(item.member.path);
    }
  }
  const memberOptions: ContentOptions = { maxFileBytes: Number.MAX_SAFE_INTEGER, whole: true, ...(options.base ? { base: options.base } : {}) };
  for (const item of openArchive(bytes, path, limits)) {
    if ('note' in item) {
      yield { note: item.note };
      continue;
    }
    const member = item.member.bytes;
    // A member's name is what the archive adds too (a token can be one), unless the version before had it.
    const memberPath = item.member.path;
    const name = knownNames.has(memberPath) ? undefined : fileNameFragment(memberPath, options.base, memberPath.startsWith(`${path}!`) ? path.length + 1 : 0);
    if (name) yield { fragment: name };
    if (known.size > 0 && known.has(digest(member))) continue;
    // A member is never an archive itself: `openArchive` opens nested ones in place (or notes them).
    yield* contentItems(item.member.path, { size: member.length, bytes: member }, memberOptions);
  }
}

function decodeAs(bytes: Uint8Array): string | undefined {
  const kind = classifyContent(bytes);
  return kind.kind === 'text' ? decodeText(bytes, kind) : undefined;
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * A large file, streamed: classified on its first `SNIFF_BYTES`, then cut into
 * overlapping windows of decoded text (or of bytes, for a binary's strings). Each
 * window owns the findings that start before the point where the next window
 * begins (`ownedEnd`), so a secret in an overlap is reported once.
 */
async function* windowItems(path: string, stream: AsyncIterable<Uint8Array>, base: Partial<Fragment>): AsyncIterable<SourceItem> {
  const iterator = stream[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const first = Buffer.concat(head);
  const kind = classifyContent(first);
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: () => (ended ? Promise.resolve({ done: true as const, value: undefined }) : iterator.next()),
      return: async () => {
        await iterator.return?.();
        return { done: true as const, value: undefined };
      },
    }),
  };
  if (kind.kind === 'binary') yield* binaryWindows(path, first, rest, base, isKeyStore(path));
  else yield* textWindows(path, first, rest, kind, base);
}

async function* textWindows(
  path: string,
  first: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
  kind: Extract<ContentKind, { kind: 'text' }>,
  base: Partial<Fragment>,
): AsyncIterable<SourceItem> {
  const decoder = textDecoder(kind.encoding);
  let pending = '';
  /** 1-based line of the file where `pending` starts. */
  let line = 1;
  // A CR at the end of a chunk may be the first half of a CRLF.
  let carry = '';
  const take = (chunk: string): void => {
    const text = carry + chunk;
    carry = text.endsWith('\r') ? '\r' : '';
    pending += normalizeNewlines(carry ? text.slice(0, -1) : text);
  };
  take(decoder.decode(first.subarray(kind.bom), { stream: true }));
  const emit = (text: string, owned: readonly [number, number], firstLine: number): SourceItem => {
    const lineNumbers: number[] = [firstLine];
    let n = firstLine;
    for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lineNumbers.push(++n);
    return { fragment: { path, text, lineNumbers, owned, ...base } };
  };
  /** Where this window's own findings start (past the context that a mid-line start keeps). */
  let ownStart = 0;
  for await (const chunk of rest) {
    take(decoder.decode(chunk, { stream: true }));
    while (pending.length >= WINDOW_CHARS + WINDOW_OVERLAP) {
      const end = WINDOW_CHARS + WINDOW_OVERLAP;
      // The next window starts at a line start in the overlap when there is one
      // (columns stay right), else mid-line, keeping WINDOW_CONTEXT before what it owns.
      const lineStart = pending.lastIndexOf('\n', WINDOW_CHARS) + 1;
      const atLine = lineStart > WINDOW_CHARS / 2;
      const next = atLine ? lineStart : WINDOW_CHARS - WINDOW_CONTEXT;
      const nextOwn = atLine ? 0 : WINDOW_CONTEXT;
      yield emit(pending.slice(0, end), [ownStart, next + nextOwn], line);
      for (let i = pending.indexOf('\n'); i >= 0 && i < next; i = pending.indexOf('\n', i + 1)) line++;
      pending = pending.slice(next);
      ownStart = nextOwn;
    }
  }
  take(decoder.decode());
  pending += carry;
  if (pending !== '') yield emit(pending, [ownStart, pending.length], line);
}

async function* binaryWindows(
  path: string,
  first: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
  base: Partial<Fragment>,
  keyStore: boolean,
): AsyncIterable<SourceItem> {
  if (keyStore) {
    // A key store this large is not one that a password check could open: say so.
    yield { note: { path, message: 'key store too large to check; its printable strings were scanned' } };
  }
  let pending: Uint8Array = first;
  let line = 1;
  let ownStart = 0;
  const emit = (bytes: Uint8Array, ownEnd: number): SourceItem | undefined => {
    const strings = printableStrings(bytes, line, [ownStart, ownEnd]);
    if (strings.text === '') return undefined;
    const owned = strings.owned ?? [0, strings.text.length];
    return { fragment: { path, text: strings.text, lineNumbers: strings.lineNumbers, printable: true, owned, ...base } };
  };
  // Chunks are gathered and joined once a window's worth is there (joining at every chunk would copy each byte many times).
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  for await (const chunk of rest) {
    gathered.push(chunk);
    gatheredBytes += chunk.length;
    if (pending.length + gatheredBytes < WINDOW_CHARS + WINDOW_OVERLAP) continue;
    pending = Buffer.concat([pending, ...gathered]);
    gathered = [];
    gatheredBytes = 0;
    while (pending.length >= WINDOW_CHARS + WINDOW_OVERLAP) {
      // Strings are cut anywhere: the next window keeps WINDOW_CONTEXT bytes before what it owns.
      const next = WINDOW_CHARS - WINDOW_CONTEXT;
      const item = emit(pending.subarray(0, WINDOW_CHARS + WINDOW_OVERLAP), WINDOW_CHARS);
      if (item) yield item;
      for (let i = 0; i < next; i++) if (pending[i] === 0x0a) line++;
      pending = pending.subarray(next);
      ownStart = WINDOW_CONTEXT;
    }
  }
  if (gathered.length > 0) pending = Buffer.concat([pending, ...gathered]);
  const item = emit(pending, pending.length);
  if (item) yield item;
}
