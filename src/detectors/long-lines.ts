/**
 * V8's regex engine keeps a backtracking stack that grows with the length of a
 * match, and a single line of tens of megabytes (a huge base64 value, a
 * minified bundle) makes even a plain `[A-Za-z0-9]{40,}` throw "Maximum call
 * stack size exceeded". Text detectors therefore see long lines cut into
 * segments: one character every SEGMENT characters becomes a line break, chosen
 * where a separator (space, quote, comma, ...) stands when there is one nearby,
 * so a token is almost never split. Offsets are unchanged, so findings need no
 * mapping back.
 */

export const SEGMENT = 64 * 1024;
const LOOK_BACK = 512;
const SEPARATOR = /[\s"'`,;(){}[\]<>]/;

export function segmentLongLines(text: string): string {
  if (text.length <= SEGMENT) return text;
  let out: string[] | undefined;
  let copied = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let segmentStart = lineStart;
    while (lineEnd - segmentStart > SEGMENT) {
      let cut = segmentStart + SEGMENT;
      for (let i = cut; i > cut - LOOK_BACK; i--) {
        if (SEPARATOR.test(text[i]!)) {
          cut = i;
          break;
        }
      }
      out ??= [];
      out.push(text.slice(copied, cut), '\n');
      copied = cut + 1;
      segmentStart = cut + 1;
    }
    lineStart = lineEnd + 1;
  }
  if (!out) return text;
  out.push(text.slice(copied));
  return out.join('');
}
