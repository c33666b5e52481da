import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { gzipSync, strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS, detectArchive, openArchive, type ArchiveItem, type ArchiveLimits } from '../../src/sources/archive.js';
import { concat, oldGnuTar, rawZip, tar, zerosDeflated, zip } from '../helpers/archives.js';

/** Members as `path: text`, notes as `path: [level setting] message`. */
function open(bytes: Uint8Array, path: string, limits: Partial<ArchiveLimits> = {}) {
  const members: string[] = [];
  const notes: string[] = [];
  for (const item of openArchive(bytes, path, limits) as Iterable<ArchiveItem>) {
    if ('note' in item) notes.push(`${item.note.path}: [${item.note.level} ${item.note.setting}] ${item.note.message}`);
    else members.push(`${item.member.path}: ${strFromU8(item.member.bytes)}`);
  }
  return { members, notes };
}

describe('detectArchive', () => {
  it('tells archives by their magic number, whatever their name', async () => {
    expect(detectArchive(zip({ a: 'x' }))).toBe('zip');
    expect(detectArchive(zip({}))).toBe('zip');
    expect(detectArchive(await tar({ a: 'x' }))).toBe('tar');
    expect(detectArchive(gzipSync(strToU8('x')))).toBe('gzip');
    expect(detectArchive(strToU8('BZh91AY&SY'))).toBe('bzip2');
    expect(detectArchive(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0]))).toBe('xz');
    expect(detectArchive(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe('zstd');
    expect(detectArchive(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))).toBe('7z');
    expect(detectArchive(strToU8('Rar!\x1a\x07\x00'))).toBe('rar');
  });

  it('takes no text, and no binary that only starts like one, for an archive', () => {
    expect(detectArchive(strToU8('PK is a name\n'))).toBeUndefined();
    expect(detectArchive(strToU8('x'.repeat(600)))).toBeUndefined();
    expect(detectArchive(new Uint8Array(1024))).toBeUndefined();
    expect(detectArchive(new Uint8Array([0x1f, 0x8b]))).toBeUndefined();
    expect(detectArchive(new Uint8Array(0))).toBeUndefined();
  });
});

describe('openArchive', () => {
  it('lists a zip’s members, deflated and stored, under archive!member, directories left out', () => {
    const files = { 'app/.env': 'A=1\n', 'app/': new Uint8Array(0), 'README.md': '# hi\n' };
    const expected = ['bundle.zip!app/.env: A=1\n', 'bundle.zip!README.md: # hi\n'];
    expect(open(zip(files), 'bundle.zip')).toEqual({ members: expected, notes: [] });
    expect(open(zip(files, 0), 'bundle.zip')).toEqual({ members: expected, notes: [] });
  });

  it('opens a tar (ustar, with pax long names) and a tar.gz under one level', async () => {
    const long = `${'deep/'.repeat(30)}.env`;
    const bytes = await tar({ 'x/.env': 'A=1\n', [long]: 'B=2\n', 'empty.txt': '' });
    const expected = (path: string) => [`${path}!x/.env: A=1\n`, `${path}!${long}: B=2\n`, `${path}!empty.txt: `];
    expect(open(bytes, 'a.tar')).toEqual({ members: expected('a.tar'), notes: [] });
    expect(open(gzipSync(bytes), 'a.tar.gz')).toEqual({ members: expected('a.tar.gz'), notes: [] });
  });

  it('opens a tar in GNU tar’s old format, long names from its L entries', () => {
    const long = `${'gnu/'.repeat(40)}.env`;
    expect(open(oldGnuTar({ 'a/.env': 'A=1\n', [long]: 'B=2\n' }), 'old.tar')).toEqual({
      members: ['old.tar!a/.env: A=1\n', `old.tar!${long}: B=2\n`],
      notes: [],
    });
  });

  it.skipIf(spawnSync('tar', ['--version']).status !== 0)('opens what the system’s tar writes, in each format it offers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakgate-tar-'));
    try {
      const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/.env`;
      mkdirSync(join(dir, 'src', long, '..'), { recursive: true });
      writeFileSync(join(dir, 'src', long), 'A=1\n');
      const opened: string[] = [];
      for (const format of ['gnu', 'oldgnu', 'ustar', 'pax']) {
        const out = join(dir, `${format}.tar`);
        // Formats this tar does not write (bsdtar has no oldgnu) are left out.
        if (spawnSync('tar', ['-cf', out, `--format=${format}`, '-C', join(dir, 'src'), long]).status !== 0) continue;
        expect(open(new Uint8Array(readFileSync(out)), 'a.tar').members).toEqual([`a.tar!${long}: A=1\n`]);
        opened.push(format);
      }
      expect(opened.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(spawnSync('zip', ['-v']).status !== 0)('opens what the system’s zip writes: deflated, stored, from a pipe (Zip64), and notes a password-protected member', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakgate-zip-'));
    try {
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'app', '.env'), 'A=1\n'.repeat(50));
      const zipped = (name: string, args: string[], input?: string) => {
        const run = spawnSync('zip', ['-q', '-X', ...args], { cwd: dir, ...(input === undefined ? {} : { input }) });
        expect(run.status).toBe(0);
        return new Uint8Array(readFileSync(join(dir, name)));
      };
      const env = `a.zip!app/.env: ${'A=1\n'.repeat(50)}`;
      expect(open(zipped('deflated.zip', ['deflated.zip', 'app/.env']), 'a.zip')).toEqual({ members: [env], notes: [] });
      expect(open(zipped('stored.zip', ['-0', 'stored.zip', 'app/.env']), 'a.zip')).toEqual({ members: [env], notes: [] });
      expect(open(zipped('piped.zip', ['piped.zip', '-'], 'A=1\n'), 'a.zip')).toEqual({ members: ['a.zip!-: A=1\n'], notes: [] });
      expect(open(zipped('locked.zip', ['-P', 'hunter2', 'locked.zip', 'app/.env']), 'a.zip')).toEqual({
        members: [],
        notes: ['a.zip!app/.env: [unscanned allow.paths] not scanned: encrypted (password-protected)'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a gzip’s single member from its header, else from the archive’s name', () => {
    expect(open(gzipSync(strToU8('A=1\n'), { filename: 'dir/prod.env' }), 'backup/prod.env.gz').members).toEqual(['backup/prod.env.gz!prod.env: A=1\n']);
    expect(open(gzipSync(strToU8('A=1\n')), 'backup/prod.env.gz').members).toEqual(['backup/prod.env.gz!prod.env: A=1\n']);
    expect(open(gzipSync(strToU8('A=1\n')), 'blob').members).toEqual(['blob!content: A=1\n']);
  });

  it('opens archives inside archives in their place: a zip in a tar.gz in a zip', async () => {
    const inner = zip({ 'x/.env': 'A=1\n' });
    const middle = gzipSync(await tar({ 'lib/inner.zip': inner, 'notes.txt': 'n\n' }));
    const outer = zip({ 'inner.tar.gz': middle, 'top.txt': 't\n' });
    expect(open(outer, 'a.zip')).toEqual({
      members: ['a.zip!inner.tar.gz!lib/inner.zip!x/.env: A=1\n', 'a.zip!inner.tar.gz!notes.txt: n\n', 'a.zip!top.txt: t\n'],
      notes: [],
    });
  });

  it('does not open archives nested deeper than the depth limit, and says so', () => {
    let bytes = zip({ '.env': 'A=1\n' });
    for (let level = 4; level >= 1; level--) bytes = zip({ [`l${level}.zip`]: bytes });
    // outer.zip!l1.zip!l2.zip!l3.zip is the fourth archive deep; l4.zip would be the fifth.
    expect(open(bytes, 'outer.zip')).toEqual({
      members: [],
      notes: ['outer.zip!l1.zip!l2.zip!l3.zip!l4.zip: [unscanned limits.archiveDepth] not opened: an archive nested more than 4 deep'],
    });
    expect(open(bytes, 'outer.zip', { depth: 5 }).members).toEqual(['outer.zip!l1.zip!l2.zip!l3.zip!l4.zip!.env: A=1\n']);
  });

  it('reports member names that leave the archive (../../x) as names only', async () => {
    const names = ['../../x/.env', '/etc/cron.d/job', 'a\\..\\..\\b.txt'];
    const files = Object.fromEntries(names.map((name) => [name, 'A=1\n']));
    expect(open(zip(files), 'evil.zip').members).toEqual(names.map((name) => `evil.zip!${name}: A=1\n`));
    expect(open(await tar({ '../../x/.env': 'A=1\n' }), 'evil.tar').members).toEqual(['evil.tar!../../x/.env: A=1\n']);
  });

  it('notes an encrypted member, and scans the others', () => {
    const data = strToU8('ciphertext');
    const bytes = rawZip([
      { name: 'secret.env', method: 0, data, size: data.length, flags: 1 },
      { name: 'aes.env', method: 99, data, size: data.length, flags: 1 },
      { name: 'plain.txt', method: 0, data: strToU8('p\n'), size: 2 },
    ]);
    expect(open(bytes, 'a.zip')).toEqual({
      members: ['a.zip!plain.txt: p\n'],
      notes: [
        'a.zip!secret.env: [unscanned allow.paths] not scanned: encrypted (password-protected)',
        'a.zip!aes.env: [unscanned allow.paths] not scanned: encrypted (password-protected)',
      ],
    });
  });

  it('notes a member compressed with a method it does not decompress', () => {
    const bytes = rawZip([{ name: 'a.bin', method: 14, data: strToU8('LZMA'), size: 100 }]);
    expect(open(bytes, 'a.zip').notes).toEqual(['a.zip!a.bin: [unscanned allow.paths] not scanned: compressed with LZMA, which leakgate does not decompress']);
  });

  it('notes archives it recognises but does not open', () => {
    expect(open(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0]), 'a.tar.xz').notes).toEqual([
      'a.tar.xz: [unscanned allow.paths] not opened: a xz archive, which leakgate does not decompress',
    ]);
    expect(open(zip({ 'b.7z': new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0]) }), 'a.zip').notes).toEqual([
      'a.zip!b.7z: [unscanned allow.paths] not opened: a 7-Zip archive, which leakgate does not decompress',
    ]);
  });

  // Written by bzip2 1.0.8: `hello\n`; a ustar holding a.env (`x=1\n`); `one\n` and `two\n` as two
  // concatenated streams; 5,000,000 bytes of `A\n` in 206 bytes (a bzip2 bomb).
  const bz2 = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
  const HELLO_BZ2 = bz2('QlpoOTFBWSZTWcHAgOIAAAFBAAAQAkSgADDNAMNGKZcXckU4UJDBwIDi');
  const TAR_BZ2 = bz2(
    'QlpoOTFBWSZTWXE4qpsAAHx7kMkQAEFAAX+CAAhiAZ9ABAAACCAAdQ0mp6QAabU2oNPUCSkwgBoDEBQ+8ve1CCuCQkZOzYdatsggQxEaglFwg5SUCC5xaCYHGh5Lpa1+JoToGbnvgVFFk6B/X+1IkH4u5IpwoSDicVU2',
  );
  const TWO_STREAMS_BZ2 = bz2('QlpoOTFBWSZTWXgTwIIAAAHBAAAQAgGgACGaaDNNDLxdyRThQkHgTwIIQlpoOTFBWSZTWS63GtcAAAFBgAAQAACEgCAAIZpoM00HPF3JFOFCQLrca1w=');
  const BOMB_BZ2 = bz2(
    'QlpoOTFBWSZTWYmNA+gDbuNEAAAQIAAgADCATUYVCETRUIROYoKyTKazdyJahgbdxogAACBAAEAAYQCajRUIRMKhCJzFBWSZTWYmNA+gDbuNEAAAQIAAgADCATUYVCETRUIROYoKyTKazdyJahgbdxogAACBAAEAAYQCajRUIRMKhCJzFBWSZTWYmNA+gDbuNEAAAQIAAgADCATUYVCETRUIROYoKyTKayU+Vc6gPQv4gAACBAAEAAYQCajASqQ1VRVIcXckU4UJAQdqrEA=',
  );

  it('opens bzip2 files: one member named after the file, a .tar.bz2’s members, concatenated streams', () => {
    expect(open(HELLO_BZ2, 'charts/crds/files/notes.txt.bz2')).toEqual({ members: ['charts/crds/files/notes.txt.bz2!notes.txt: hello\n'], notes: [] });
    expect(open(HELLO_BZ2, 'blob')).toEqual({ members: ['blob!content: hello\n'], notes: [] });
    expect(open(TAR_BZ2, 'backup.tar.bz2')).toEqual({ members: ['backup.tar.bz2!a.env: x=1\n'], notes: [] });
    expect(open(TWO_STREAMS_BZ2, 'log.bz2')).toEqual({ members: ['log.bz2!log: one\ntwo\n'], notes: [] });
    // A zip member compressed with bzip2 (method 12), and a .bz2 inside a zip.
    expect(open(rawZip([{ name: 'notes.txt', method: 12, data: HELLO_BZ2, size: 6 }]), 'a.zip')).toEqual({ members: ['a.zip!notes.txt: hello\n'], notes: [] });
    expect(open(zip({ 'data/notes.txt.bz2': HELLO_BZ2 }), 'a.zip').members).toEqual(['a.zip!data/notes.txt.bz2!notes.txt: hello\n']);
  });

  it('stops a bzip2 bomb at the ratio limit, and a large bzip2 file at the total budget', () => {
    expect(open(BOMB_BZ2, 'bomb.bz2').notes).toEqual(['bomb.bz2: [unscanned limits.archiveRatio] not scanned: decompresses to more than 200 times its size (a zip bomb?)']);
    expect(open(HELLO_BZ2, 'notes.txt.bz2', { totalBytes: 5 }).notes).toEqual([
      'notes.txt.bz2: [unscanned limits.archiveBytes] not scanned, nor the rest of the archive: more than 5 B decompressed',
    ]);
    expect(open(HELLO_BZ2, 'notes.txt.bz2', { totalBytes: 6 }).members).toEqual(['notes.txt.bz2!notes.txt: hello\n']);
  });

  it('notes corrupt bzip2 data: a flipped bit (block CRC), a truncated stream, data after the streams', () => {
    const flipped = Uint8Array.from(TAR_BZ2);
    flipped[60] = (flipped[60] as number) ^ 0x10;
    const [note] = open(flipped, 'a.tar.bz2').notes;
    expect(note).toMatch(/^a\.tar\.bz2: \[unscanned allow\.paths\] not scanned: bzip2 data is corrupt \(.+\)$/);
    expect(open(HELLO_BZ2.subarray(0, 30), 'a.bz2').notes).toEqual(['a.bz2: [unscanned allow.paths] not scanned: bzip2 data is corrupt (the data ends inside a block)']);
    expect(open(concat([HELLO_BZ2, strToU8('junk')]), 'a.txt.bz2')).toEqual({
      members: ['a.txt.bz2!a.txt: hello\n'],
      notes: ['a.txt.bz2: [unscanned allow.paths] data after the end of the bzip2 stream was not scanned'],
    });
  });

  it.skipIf(spawnSync('bzip2', ['--help']).status !== 0)('decodes what the system’s bzip2 writes, byte for byte: many blocks, every level, runs and random bytes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) & 0xff;
    const text = Array.from({ length: 20000 }, (_, i) => `line ${i}: ${'abcdefgh'.slice(i % 8)} ${'z'.repeat(i % 300)}\n`).join('');
    const data = concat([strToU8(text), Uint8Array.from({ length: 150_000 }, random), new Uint8Array(70_000).fill(0x41)]);
    for (const level of ['-1', '-5', '-9']) {
      const run = spawnSync('bzip2', ['-c', level], { input: data, maxBuffer: 64 * 1024 * 1024 });
      const got = open(new Uint8Array(run.stdout), 'd.bin.bz2', { ratio: 10_000 });
      expect(got.notes).toEqual([]);
      const members = [...(openArchive(new Uint8Array(run.stdout), 'd.bin.bz2', { ratio: 10_000 }) as Iterable<ArchiveItem>)];
      const member = members[0];
      expect(member !== undefined && 'member' in member && Buffer.from(member.member.bytes).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('notes corrupt archives: truncated zip, bad DEFLATE data, bad tar checksum, truncated tar and gzip', async () => {
    const good = zip({ 'a.txt': 'hello hello hello hello\n' });
    expect(open(good.subarray(0, good.length - 30), 'cut.zip').notes).toEqual([
      'cut.zip: [unscanned allow.paths] not scanned: not a readable zip archive (no end of central directory record)',
    ]);
    // BTYPE 11 is reserved (RFC 1951 3.2.3).
    const bad = rawZip([{ name: 'a.txt', method: 8, data: new Uint8Array([0x07, 0, 0, 0]), size: 4 }]);
    expect(open(bad, 'bad.zip').notes).toEqual(['bad.zip!a.txt: [unscanned allow.paths] not scanned: DEFLATE data is corrupt (invalid block type)']);

    const tarBytes = await tar({ 'a.txt': 'A=1\n', 'b.txt': 'B=2\n' });
    const flipped = new Uint8Array(tarBytes);
    flipped[1024] = 0x41; // the second header's name
    expect(open(flipped, 'a.tar')).toEqual({
      members: ['a.tar!a.txt: A=1\n'],
      notes: ['a.tar: [unscanned allow.paths] not scanned: corrupt tar header at byte 1024 (bad checksum), nor the rest of the archive'],
    });
    expect(open(tarBytes.subarray(0, 1024 + 512 + 2), 'a.tar').notes).toEqual([
      'a.tar!b.txt: [unscanned allow.paths] not scanned: truncated, the archive ends inside it',
    ]);
    const gz = gzipSync(strToU8(Array.from({ length: 400 }, (_, i) => `line ${i * 7919}`).join('\n')));
    expect(open(gz.subarray(0, gz.length / 2), 'a.gz').notes).toEqual(['a.gz: [unscanned allow.paths] not scanned: gzip data is corrupt (unexpected EOF)']);
  });

  it('scans a gzip’s content but notes data after its end', () => {
    const bytes = concat([gzipSync(strToU8('A=1\n')), strToU8('token after the stream')]);
    expect(open(bytes, 'a.gz')).toEqual({
      members: ['a.gz!a: A=1\n'],
      notes: ['a.gz: [unscanned allow.paths] data after the end of the gzip stream was not scanned'],
    });
  });

  it('stops a zip bomb (1 GiB of zeros) at the ratio limit and goes on with the next member', () => {
    const data = zerosDeflated(1024);
    expect(data.length).toBeLessThan(2 * 1024 * 1024);
    const bomb = rawZip([
      { name: 'zeros.bin', method: 8, data, size: 1024 * 1024 * 1024 },
      { name: 'after.txt', method: 0, data: strToU8('scanned\n'), size: 8 },
    ]);
    const notes: string[] = [];
    const members: string[] = [];
    for (const item of openArchive(bomb, 'bomb.zip')) {
      if ('note' in item) notes.push(`${item.note.path}: [${item.note.setting}] ${item.note.message}`);
      else members.push(item.member.path);
    }
    expect(notes).toEqual(['bomb.zip!zeros.bin: [limits.archiveRatio] not scanned: decompresses to more than 200 times its size (a zip bomb?)']);
    expect(members).toEqual(['bomb.zip!after.txt']);
    // Peak memory is measured by whole-process runs (the README's figures), not here:
    // a heap reading inside a test worker depends on when the collector ran.
  });

  it('stops at the member and total byte budgets when the ratio is plausible', () => {
    // Text that deflates about 4:1, under the ratio limit.
    const text = (seed: number, length: number) => {
      let state = seed;
      let out = '';
      while (out.length < length) {
        state = (state * 1103515245 + 12345) >>> 0;
        out += 'abcdefghijklmnop'[state % 16];
      }
      return out;
    };
    const member = (name: string, seed: number) => {
      const plain = strToU8(text(seed, 300 * 1024));
      return { name, method: 8, data: deflateRawSync(plain), size: plain.length };
    };
    const bytes = rawZip([member('a.txt', 1), member('b.txt', 2), member('c.txt', 3)]);
    const perMember = open(bytes, 'a.zip', { memberBytes: 200 * 1024 });
    expect(perMember.members).toEqual([]);
    expect(perMember.notes).toEqual(
      ['a', 'b', 'c'].map((m) => `a.zip!${m}.txt: [unscanned limits.archiveMemberBytes] not scanned: larger than 200.0 KiB decompressed`),
    );
    expect(open(zip({ 'small.txt': 'x'.repeat(100) }), 'a.zip', { memberBytes: 50 }).notes).toEqual([
      'a.zip!small.txt: [unscanned limits.archiveMemberBytes] not scanned: larger than 50 B decompressed',
    ]);
    const total = open(bytes, 'a.zip', { totalBytes: 700 * 1024 });
    expect(total.members.map((m) => m.slice(0, m.indexOf(':')))).toEqual(['a.zip!a.txt', 'a.zip!b.txt']);
    expect(total.notes).toEqual(['a.zip!c.txt: [unscanned limits.archiveBytes] not scanned, nor the rest of the archive: more than 700.0 KiB decompressed']);
  });

  it('stops after the entry budget, nested members counted', () => {
    const inner = zip({ 'i1.txt': '1\n', 'i2.txt': '2\n' });
    const bytes = zip({ 'a.txt': 'a\n', 'inner.zip': inner, 'z.txt': 'z\n' });
    expect(open(bytes, 'a.zip', { entries: 3 })).toEqual({
      members: ['a.zip!a.txt: a\n', 'a.zip!inner.zip!i1.txt: 1\n'],
      notes: ['a.zip!inner.zip!i2.txt: [unscanned limits.archiveEntries] not scanned, nor the members after it: more than 3 members'],
    });
  });

  it('refuses a zip whose entries overlap (the non-recursive zip bomb), before inflating anything', () => {
    const data = zerosDeflated(1);
    const entries = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, method: 8, data, size: 1024 * 1024 }));
    expect(open(rawZip(entries, { overlap: true }), 'overlap.zip')).toEqual({
      members: [],
      notes: ['overlap.zip: [unscanned allow.paths] not scanned: entries overlap (how zip bombs are built)'],
    });
  });

  it('reads Zip64 end records, with saturated or real 32-bit fields, also after prepended data', () => {
    const data = strToU8('A=1\n');
    const entries = [{ name: 'a.env', method: 0, data, size: data.length }];
    for (const zip64 of ['saturated', 'beside'] as const) {
      expect(open(rawZip(entries, { zip64 }), 'a.zip').members).toEqual(['a.zip!a.env: A=1\n']);
      expect(open(concat([new Uint8Array(100).fill(1), rawZip(entries, { zip64 })]), 'a.zip').members).toEqual(['a.zip!a.env: A=1\n']);
    }
  });

  it('reads a zip with data before it (a self-extracting stub, a script before a jar)', () => {
    const bytes = concat([strToU8('#!/bin/sh\nexec java -jar "$0"\n'), zip({ 'META-INF/MANIFEST.MF': 'Main-Class: A\n' })]);
    expect(open(bytes, 'run.jar').members).toEqual(['run.jar!META-INF/MANIFEST.MF: Main-Class: A\n']);
  });

  it('has budgets that are named, positive defaults', () => {
    expect(DEFAULT_ARCHIVE_LIMITS).toEqual({ totalBytes: 256 * 1024 * 1024, memberBytes: 64 * 1024 * 1024, entries: 100_000, depth: 4, ratio: 200 });
  });
});
