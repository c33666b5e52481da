/**
 * `BlobReader`: one long-lived `git cat-file --batch-command` for the history
 * scan. A blob above a read's cap is never held: its bytes are dropped as git
 * prints them, and the answers after it are still the right ones, in order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BlobReader } from '../../src/sources/git.js';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';

afterAll(removeTempRepos);

describe('BlobReader', () => {
  it('answers each read with its blob, or undefined above the cap or when missing, in any mix', async () => {
    const repo = await tempRepo();
    // Large enough to cross many pipe buffers and chunks; the small ones land between them.
    const large = Buffer.alloc(3 * 1024 * 1024 + 17, 'abcdefghij');
    const files = { 'small.yaml': 'password: one\n', 'large.bin': large, 'other.json': '{"token": "two"}\n', 'empty.txt': '' };
    await repo.commit(files);
    const oid = async (path: string): Promise<string> => (await repo.git.revparse([`HEAD:${path}`])).trim();
    const [small, big, other, empty] = await Promise.all(Object.keys(files).map(oid));
    const missing = '0123456789abcdef0123456789abcdef01234567';
    const reader = new BlobReader(repo.dir);
    try {
      const cap = 1024 * 1024;
      // All asked for at once: the answers come back in the order asked.
      const answers = await Promise.all([
        reader.read(big!, cap),
        reader.read(small!, cap),
        reader.read(missing, cap),
        reader.read(big!, cap),
        reader.read(other!, cap),
        reader.read(empty!, cap),
        reader.read(big!, large.length),
        reader.read(small!, 3),
        reader.read(small!, 14),
      ]);
      expect(answers.map((answer) => answer?.toString('utf8'))).toEqual([
        undefined,
        'password: one\n',
        undefined,
        undefined,
        '{"token": "two"}\n',
        '',
        large.toString('utf8'),
        undefined,
        'password: one\n',
      ]);
      // One after another, each awaited, as the history scan reads.
      expect(await reader.read(big!, cap)).toBeUndefined();
      expect((await reader.read(other!, cap))?.toString('utf8')).toBe('{"token": "two"}\n');
      expect(await reader.size(big!)).toBe(large.length);
    } finally {
      reader.close();
    }
  });
});
