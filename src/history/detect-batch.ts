/**
 * What runs the detectors over a batch of history fragments: the same engine and
 * pipeline as every other scan (`scan`), on a worker thread or on the main thread.
 */
import { EMPTY_CONFIG, type Config } from '../allowlist/config.js';
import { loadConfig } from '../allowlist/store.js';
import type { PendingFingerprints } from '../findings/pending-fingerprints.js';
import { SecretVault } from '../findings/vault.js';
import { loadBundledRules } from '../patterns/load.js';
import { createEngine, scan } from '../engine/scan.js';
import type { Finding, Fragment, Note } from '../types.js';

/** Everything a detection thread needs to build its engine: plain data, cloneable. */
export interface DetectSetup {
  /** Repository root, where `.leakgate.yaml` is looked for. */
  readonly root: string;
  /** An explicit config file, `false` for none (`--no-config`), undefined for the default. */
  readonly config: string | false | undefined;
  readonly redact: boolean;
  /** The config file as a path in the commits, when the scan runs with the one in the work tree (see `ScanOptions.changedConfig`). */
  readonly changedConfig?: string;
}

export interface BatchFinding {
  /** Index of the fragment in the batch. */
  readonly index: number;
  /** Redacted unless the user asked otherwise. */
  readonly finding: Finding;
  /**
   * The secret in clear, kept in memory only: it is what identifies "the same
   * secret" across renamed paths (see `HistoryFindings`). Never reported.
   */
  readonly secret: string;
}

export interface BatchResult {
  readonly findings: readonly BatchFinding[];
  readonly notes: readonly Note[];
  readonly files: number;
  readonly bytes: number;
}

export type BatchScanner = (fragments: readonly Fragment[]) => Promise<BatchResult>;

/**
 * `loaded`: the config the caller has already read, on the main thread (a thread
 * reads its own: a parsed config holds regexes and matchers, which do not clone).
 * `prints`: where the main thread's findings get their fingerprints, provisional
 * ids among them (a thread computes its own, so its results are final).
 */
export async function createBatchScanner(setup: DetectSetup, loaded?: Config, prints?: PendingFingerprints): Promise<BatchScanner> {
  const [rules, config] = await Promise.all([
    loadBundledRules(),
    loaded ?? (setup.config === false ? EMPTY_CONFIG : loadConfig(setup.root, setup.config)),
  ]);
  const engine = createEngine(rules, config);
  return async (fragments) => {
    // The vault keeps each finding's clear secret in memory, beside the redacted finding.
    const vault = new SecretVault();
    const result = await scan(engine, iterate(fragments), { redact: setup.redact, vault, ignoreNotes: false, ...(setup.changedConfig !== undefined ? { changedConfig: setup.changedConfig } : {}), ...(prints ? { fingerprint: prints.fingerprint } : {}) });
    const indexOf = new Map(fragments.map((fragment, index) => [fragmentKey(fragment.commit?.commit, fragment.path), index]));
    const findings = result.findings.map((finding) => ({
      index: indexOf.get(fragmentKey(finding.commit?.commit, finding.file)) ?? 0,
      finding,
      secret: vault.get(finding)?.secret ?? finding.fingerprint,
    }));
    return { findings, notes: result.notes, files: result.stats.files, bytes: result.stats.bytes };
  };
}

function fragmentKey(commit: string | undefined, path: string): string {
  return `${commit ?? ''}\0${path}`;
}

async function* iterate(fragments: readonly Fragment[]): AsyncIterable<{ fragment: Fragment }> {
  for (const fragment of fragments) yield { fragment };
}
