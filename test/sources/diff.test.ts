import { describe, expect, it } from 'vitest';
import { parseRawPatch, RawPatchParser, type FileDiff } from '../../src/sources/diff.js';

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

  it('parses the same files whatever chunks git prints its output in', () => {
    const output = Buffer.from(
      raw(`100644 100644 ${A} ${B} M`, 'ünï cödé.txt') +
        raw(`100644 120000 ${A} ${B} T`, 'link') +
        raw(`000000 000000 ${Z} ${Z} U`, 'conflict.txt') +
        raw(`000000 100644 ${Z} ${B} A`, 'long.txt') +
        '\0' +
        'diff --git a/ünï cödé.txt b/ünï cödé.txt\nindex aaaaaaa..bbbbbbb 100644\n--- a/x\n+++ b/x\n@@ -2 +2 @@\n-old\n+nëw 日本\n' +
        'diff --git a/link b/link\ndeleted file mode 100644\nindex aaaaaaa..0000000\n--- a/link\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n' +
        'diff --git a/link b/link\nnew file mode 120000\nindex 0000000..bbbbbbb\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+target\n\\ No newline at end of file\n' +
        `diff --git a/long.txt b/long.txt\nnew file mode 100644\nindex 0000000..bbbbbbb\n--- /dev/null\n+++ b/long.txt\n@@ -0,0 +1,2 @@\n+${'é'.repeat(5000)}\n+last`,
    );
    const whole = parseRawPatch(output);
    expect(whole.map((f) => [f.status, f.path, f.addedLines.map((line) => line.slice(0, 8)), f.addedLineNumbers, f.addedBytes])).toEqual([
      ['M', 'ünï cödé.txt', ['nëw 日本'], [2], Buffer.byteLength('nëw 日本') + 1],
      ['T', 'link', ['target'], [1], 7],
      ['A', 'long.txt', ['é'.repeat(8), 'last'], [1, 2], 10_001 + 5],
    ]);
    const inChunks = (size: number): FileDiff[] => {
      const parser = new RawPatchParser();
      const files: FileDiff[] = [];
      for (let at = 0; at < output.length; at += size) files.push(...parser.push(output.subarray(at, at + size)));
      return [...files, ...parser.end()];
    };
    for (const size of [1, 2, 3, 7, 64, 1000, 4096]) expect(inChunks(size)).toEqual(whole);
  });

  it('gives each file as soon as the next section starts', () => {
    const parser = new RawPatchParser();
    const head = raw(`000000 100644 ${Z} ${B} A`, 'a') + raw(`000000 100644 ${Z} ${B} A`, 'b') + '\0';
    const first = 'diff --git a/a b/a\n@@ -0,0 +1 @@\n+one\n';
    expect(parser.push(Buffer.from(head + first))).toEqual([]);
    expect(parser.push(Buffer.from('diff --git a/b b/b\n@@ -0,0 +1 @@\n+two\n')).map((f) => f.path)).toEqual(['a']);
    expect(parser.end().map((f) => f.path)).toEqual(['b']);
  });
});
