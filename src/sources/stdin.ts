/**
 * `leakgate files -`: standard input as one file (a pipe from another tool, an
 * editor's buffer), reported under `--stdin-name`.
 */
import { formatBytes, type SourceItem } from './source.js';

export async function* stdinSource(input: AsyncIterable<Buffer | string>, name: string, maxFileBytes: number): AsyncIterable<SourceItem> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size <= maxFileBytes) chunks.push(bytes);
  }
  if (size > maxFileBytes) {
    yield { note: { path: name, message: `skipped: ${formatBytes(size)}, above the ${formatBytes(maxFileBytes)} cap` } };
    return;
  }
  const content = Buffer.concat(chunks);
  if (content.subarray(0, 8000).includes(0)) {
    yield { note: { path: name, message: 'binary input skipped' } };
    return;
  }
  let text = content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  yield { fragment: { path: name, text: text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text } };
}
