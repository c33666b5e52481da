/**
 * `readHistory` cuts a long commit list into more slices than it runs git
 * processes, and each process takes the next slice when its own ends: every
 * commit must still be read exactly once, at its own index, whatever the number of
 * slices and processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planHistory, readHistory } from '../../src/sources/history.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/sources/source.js';
import { removeTempRepos, tempRepo, type TestRepo } from '../helpers/repo.js';

const COMMITS = 23;

describe('readHistory with more slices than git processes', () => {
  let repo: TestRepo;

  beforeAll(async () => {
    repo = await tempRepo();
    for (let i = 0; i < COMMITS; i++) await repo.commit({ [`notes/n${i}.txt`]: `note ${i}\nline two of ${i}\n` }, `Note ${i}`);
  });
  afterAll(removeTempRepos);

  async function read(workers: number, sliceCommits?: number): Promise<{ commits: string[]; fragments: string[] }> {
    const plan = await planHistory(repo.dir, { revs: [], all: false, pathspecs: [] });
    const commits: string[] = [];
    const fragments: string[] = [];
    await readHistory(
      repo.dir,
      plan,
      { workers, maxFileBytes: DEFAULT_MAX_FILE_BYTES, pathspecs: [], ...(sliceCommits !== undefined ? { sliceCommits } : {}) },
      {
        commit: (commit, _entries, index) => commits.push(`${index} ${commit.message.split('\n')[0]}`),
        fragment: (fragment, index) => {
          fragments.push(`${index} ${fragment.path} ${JSON.stringify(fragment.text)}`);
          return undefined;
        },
        note: () => {},
      },
    );
    return { commits: commits.sort(), fragments: fragments.sort() };
  }

  it('reads every commit once, at its own index, with 1 process, 2 processes over 2 slices, and 2 or 3 processes over many', async () => {
    const one = await read(1);
    expect(one.commits).toHaveLength(COMMITS);
    expect(one.commits).toContain('0 Note 0');
    expect(one.commits).toContain(`${COMMITS - 1} Note ${COMMITS - 1}`);
    expect(one.fragments.filter((line) => line.startsWith('5 notes/n5.txt '))).toEqual([`5 notes/n5.txt "note 5\\nline two of 5"`]);
    expect(one.fragments).toHaveLength(2 * COMMITS); // each commit's file and its message
    for (const [workers, sliceCommits] of [[2, undefined], [2, 2], [3, 1], [2, 5]] as const) {
      expect(await read(workers, sliceCommits)).toEqual(one);
    }
  });
});
