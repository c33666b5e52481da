import type { Fragment, Note } from '../types.js';

/**
 * What a source yields: text to scan, or a note about something it skipped.
 * `rank` (0 when unset) orders the report for a source that reads in another
 * order than it lists: an item's notes, and its findings among those at the same
 * place, are listed after those of lower-ranked items; items of one rank keep
 * the order they came in.
 */
export type SourceItem = ({ readonly fragment: Fragment } | { readonly note: Note }) & { readonly rank?: number };

/**
 * Default limit on a file's size (`maxFileSize`). Files up to it are scanned
 * whole, the large ones streamed in windows; a larger file is not read, and the
 * scan says so with an `unscanned` note (which blocks a commit).
 */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export { wantsWholeFile } from '../structured-files.js';
