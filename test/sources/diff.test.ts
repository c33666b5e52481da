import { describe, expect, it } from 'vitest';
import { parseRawPatch } from '../../src/sources/diff.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const raw = (meta: string, ...paths: string[]): string => `:${meta}\0${paths.map((p) => `${p}\0`).join('')}`;

describe('parseRawPatch', () => {
  it('takes exact paths from the raw part and added lines with their numbers from the patch', () => {
    const output =
      raw(`100644 100644 ${A} ${B} M`, 'a b.txt') +
      raw(`000000 100644 ${Z} ${B} A`, 'new\nline.txt') +
      '\0' +
      'diff --git a/a b.txt b/a b.txt\nindex aaaaaaa..bbbbbbb 100644\n--- a/a b.txt\t\n+++ b/a b.txt\t\n' +
      '@@ -2 +2 @@\n-old\n+new two\n@@ -9,0 +10,2 @@\n+ten\r\n++plus\n' +
      'diff --git "a/new\\nline.txt" "b/new\\nline.txt"\nnew file mode 100644\nindex 0000000..bbbbbbb\n--- /dev/null\n+++ "b/new\\nline.txt"\n' +
      '@@ -0,0 +1 @@\n+diff --git looks like a header but is content\n\\ No newline at end of file\n';
    const files = parseRawPatch(Buffer.from(output));
    expect(files.map((f) => [f.status, f.path, f.addedLines, f.addedLineNumbers])).toEqual([
      ['M', 'a b.txt', ['new two', 'ten', '+plus'], [2, 10, 11]],
      ['A', 'new\nline.txt', ['diff --git looks like a header but is content'], [1]],
    ]);
  });

  it('reads renames, binaries and gitlinks', () => {
    const output =
      raw(`100644 100644 ${A} ${A} R100`, 'from.txt', 'to.txt') +
      raw(`000000 100644 ${Z} ${B} A`, 'img.png') +
      raw(`000000 160000 ${Z} ${B} A`, 'sub') +
      '\0' +
      'diff --git a/from.txt b/to.txt\nsimilarity index 100%\nrename from from.txt\nrename to to.txt\n' +
      'diff --git a/img.png b/img.png\nnew file mode 100644\nindex 0000000..bbbbbbb\nBinary files /dev/null and b/img.png differ\n' +
      'diff --git a/sub b/sub\nnew file mode 160000\nindex 0000000..bbbbbbb\n--- /dev/null\n+++ b/sub\n@@ -0,0 +1 @@\n+Subproject commit bbbb\n';
    const [rename, image, sub] = parseRawPatch(Buffer.from(output));
    expect(rename).toMatchObject({ status: 'R', oldPath: 'from.txt', path: 'to.txt', addedLines: [], binary: false });
    expect(image).toMatchObject({ path: 'img.png', binary: true, addedLines: [] });
    expect(sub).toMatchObject({ path: 'sub', newMode: '160000' });
  });

  it('returns nothing for an empty diff and rejects output it cannot pair up', () => {
    expect(parseRawPatch(Buffer.alloc(0))).toEqual([]);
    expect(() => parseRawPatch(Buffer.from(raw(`000000 100644 ${Z} ${B} A`, 'x') + '\0'))).toThrow(/1 changed files but 0 patch sections/);
  });
});
