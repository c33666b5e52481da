/**
 * git-lfs objects: a file tracked by git-lfs is a pointer in git, and its content
 * sits in the LFS object store (`lfs/objects/ab/cd/<oid>` in the common git
 * directory; `git add` puts it there, so at commit time it is present).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fragment } from '../types.js';
import { contentItems } from './content-items.js';
import type { SourceItem } from './source.js';

export async function* lfsObjectItems(
  path: string,
  oid: string,
  objectsDir: string,
  maxFileBytes: number,
  base: Partial<Pick<Fragment, 'blob' | 'commit'>>,
): AsyncIterable<SourceItem> {
  const file = join(objectsDir, oid.slice(0, 2), oid.slice(2, 4), oid);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    yield {
      note: {
        path,
        message: `git-lfs object ${oid.slice(0, 12)}… is not in the local LFS store: its content was not scanned (run \`git lfs fetch\`, or list the path under allow.paths)`,
        level: 'unscanned',
      },
    };
    return;
  }
  yield* contentItems(path, { size, stream: () => createReadStream(file) }, { maxFileBytes, base, whole: true });
}
