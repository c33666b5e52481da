/** The engine in-process, with the bundled rules and no config, for detector tests. */
import { readFileSync } from 'node:fs';
import { EMPTY_CONFIG } from '../../src/allowlist/config.js';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { createEngine, scan } from '../../src/engine/scan.js';
import type { Fragment, ScanResult } from '../../src/types.js';

const engine = createEngine(await loadRuleFiles(PATTERNS_DIR), EMPTY_CONFIG);

export async function scanFragments(fragments: readonly Fragment[], redact = true): Promise<ScanResult> {
  async function* items() {
    for (const fragment of fragments) yield { fragment };
  }
  return scan(engine, items(), { redact });
}

/** Scans a fixture under `fixtures/` as the `files` command would (path relative to the project). */
export function scanFixture(path: string, redact = true): Promise<ScanResult> {
  const text = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  return scanFragments([{ path, text }], redact);
}
