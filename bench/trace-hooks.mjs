// Module resolve hook (see trace-modules.mjs): appends each resolved URL, or the
// specifier when resolution fails, to the log file.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    const result = await nextResolve(specifier, context);
    appendFileSync(file, `${result.url}\n`);
    return result;
  } catch (error) {
    appendFileSync(file, `${specifier}\n`);
    throw error;
  }
}
