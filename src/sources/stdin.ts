/**
 * `leakgate files -`: standard input as one file (a pipe from another tool, an
 * editor's buffer), reported under `--stdin-name`, and read as a file's bytes are.
 */
import type { ArchiveLimits } from './archive.js';
import { capNote, contentItems } from './content-items.js';
import type { SourceItem } from './source.js';

export async function* stdinSource(
  input: AsyncIterable<Buffer | string>,
  name: string,
  maxFileBytes: number,
  archiveLimits?: Partial<ArchiveLimits>,
): AsyncIterable<SourceItem> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size <= maxFileBytes) chunks.push(bytes);
  }
  if (size > maxFileBytes) {
    yield { note: capNote(name, size, maxFileBytes) };
    return;
  }
  const content = Buffer.concat(chunks);
  yield* contentItems(name, { size, bytes: content }, { maxFileBytes, whole: true, ...(archiveLimits ? { archiveLimits } : {}) });
}
