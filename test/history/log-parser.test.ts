import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyLogArgs } from '../../src/sources/git.js';
import { LOG_FORMAT, LogParser, unquotePlusPath, type LogEvent } from '../../src/sources/log-parser.js';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';

function parse(output: Buffer, chunk: number, maxFileBytes = 1 << 20): LogEvent[] {
  const parser = new LogParser(maxFileBytes);
  const events: LogEvent[] = [];
  for (let i = 0; i < output.length; i += chunk) events.push(...parser.push(output.subarray(i, i + chunk)));
  events.push(...parser.end());
  return events;
}

const describeEvents = (events: readonly LogEvent[]): string[] =>
  events.map((event) =>
    event.type === 'commit'
      ? `commit ${event.commit.message.split('\n')[0]} parents=${event.commit.parents.length} ${event.entries.map((e) => `${e.status}:${e.oldPath ? `${e.oldPath}->` : ''}${e.path}`).join(' ')}`
      : `  ${event.file.path}${event.file.binary ? ' binary' : ''}${event.file.oversized ? ' oversized' : ''} ${event.file.addedLineNumbers.map((n, i) => `${n}:${event.file.addedLines[i]}`).join(' | ')}`,
  );

describe('LogParser on real git log output', () => {
  afterAll(removeTempRepos);

  it('yields commits, exact paths and added lines, however the stream is cut into chunks', async () => {
    const repo = await tempRepo();
    await repo.git.raw(['checkout', '-q', '-b', 'main']);
    await repo.commit({ 'a b.txt': 'one\ntwo\n', 'quote"d\\.txt': 'q\n', 'é.txt': 'e\r\n' }, 'first');
    await repo.commit({ 'a b.txt': 'one\nTWO\nthree\n' }, 'second: edits');
    await repo.git.raw(['checkout', '-q', '-b', 'side']);
    await repo.commit({ 'a b.txt': 'one\nSIDE\nthree\n' }, 'side');
    await repo.git.raw(['checkout', '-q', 'main']);
    await repo.commit({ 'a b.txt': 'one\nMAIN\nthree\n' }, 'main');
    await repo.git.raw(['merge', '-q', 'side']).catch(() => undefined);
    writeFileSync(join(repo.dir, 'a b.txt'), 'one\nSIDE\nRESOLVED\nthree\n');
    await repo.git.raw(['commit', '-q', '-a', '--no-edit']);
    await repo.git.raw(['mv', 'a b.txt', 'renamed.txt']);
    await repo.commit({ 'bin.dat': Buffer.from([0, 1, 2, 0]) }, 'rename and binary');
    const list = execFileSync('git', ['rev-list', '--topo-order', '--reverse', 'HEAD'], { cwd: repo.dir });
    const output = execFileSync('git', ['-c', 'core.quotePath=false', ...historyLogArgs(LOG_FORMAT, [])], { cwd: repo.dir, input: list });

    const whole = describeEvents(parse(output, output.length));
    // The whole message, less its trailing newlines (the body is tested where history scans it).
    const merge = parse(output, output.length).find((event) => event.type === 'commit' && event.commit.parents.length === 2);
    expect(merge?.type === 'commit' && merge.commit.message).toMatch(/^Merge branch 'side'(\n[^]*[^\n])?$/);
    expect(whole).toEqual([
      'commit first parents=0 A:a b.txt A:quote"d\\.txt A:é.txt',
      '  a b.txt 1:one | 2:two',
      '  quote"d\\.txt 1:q',
      '  é.txt 1:e',
      'commit second: edits parents=1 M:a b.txt',
      '  a b.txt 2:TWO | 3:three',
      'commit main parents=1 M:a b.txt',
      '  a b.txt 2:MAIN',
      'commit side parents=1 M:a b.txt',
      '  a b.txt 2:SIDE',
      // The merge: only the line in neither parent.
      'commit Merge branch \'side\' parents=2 M:a b.txt',
      '  a b.txt 3:RESOLVED',
      'commit rename and binary parents=1 A:bin.dat R:a b.txt->renamed.txt',
      '  bin.dat binary ',
    ]);
    for (const size of [1, 2, 3, 7, 64]) expect(describeEvents(parse(output, size))).toEqual(whole);
  });

  it('counts but does not keep the lines of a file past the size cap', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'big.txt': 'x'.repeat(50) + '\n' + 'y'.repeat(50) + '\n', 'small.txt': 'ok\n' }, 'big');
    const list = execFileSync('git', ['rev-list', 'HEAD'], { cwd: repo.dir });
    const output = execFileSync('git', historyLogArgs(LOG_FORMAT, []), { cwd: repo.dir, input: list });
    const files = parse(output, 5, 60).flatMap((event) => (event.type === 'file' ? [event.file] : []));
    expect(files.map((f) => [f.path, f.oversized, f.addedBytes, f.addedLines.length])).toEqual([
      ['big.txt', true, 102, 0],
      ['small.txt', false, 3, 1],
    ]);
  });
});

describe('LogParser on a combined diff of an octopus-style merge', () => {
  it('keeps only lines added against every parent, numbered in the result', () => {
    const output = Buffer.from(
      [
        '\x01' + 'c'.repeat(40),
        'a'.repeat(40) + ' ' + 'b'.repeat(40) + ' ' + 'd'.repeat(40),
        'Ann',
        'ann@example.com',
        '2024-01-01T00:00:00+00:00',
        'Merge three',
        '',
      ].join('\0') +
        `\0::100644 100644 100644 100644 ${'1'.repeat(40)} ${'2'.repeat(40)} ${'3'.repeat(40)} ${'4'.repeat(40)} MMM\0f.txt\0\0` +
        `diff --cc f.txt\nindex 1111111,2222222,3333333..${'4'.repeat(40)}\n--- a/f.txt\n+++ b/f.txt\n` +
        '@@@@ -1,1 -1,1 -1,1 +5,3 @@@@\n-  one\n+++NEW\n ++two\n+ +three\n',
    );
    expect(describeEvents(parse(output, 3))).toEqual(['commit Merge three parents=3 M:f.txt', '  f.txt 5:NEW']);
  });
});

describe('unquotePlusPath', () => {
  it.each([
    ['b/plain.txt', 'plain.txt'],
    ['b/with space.txt\t', 'with space.txt'],
    ['"b/tab\\there.txt"', 'tab\there.txt'],
    ['"b/caf\\303\\251.txt"', 'café.txt'],
    ['/dev/null', undefined],
  ])('%s', (input, expected) => {
    expect(unquotePlusPath(input)).toBe(expected);
  });
});
