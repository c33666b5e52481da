/**
 * What runs the detectors over a batch of fragments, on a worker thread (or, for
 * history, on the main thread): the same engine and pipeline as every other scan.
 * - `createBatchScanner` (history): a batch through `scan`, each finding with its
 *   clear secret, which tells the same secret apart across commits.
 * - `createFragmentScanner` (staged): each fragment through `scanFragment`, its
 *   result whole, for the main thread's `scan` to list in its place.
 */
import { EMPTY_CONFIG, type Config } from '../allowlist/config.js';
import { loadConfig } from '../allowlist/store.js';
import { PendingFingerprints } from '../findings/pending-fingerprints.js';
import { SecretVault, type ClearView } from '../findings/vault.js';
import { loadBundledRules } from '../patterns/load.js';
import { createEngine, scan, scanFragment, type Engine, type FragmentScan } from './scan.js';
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
  /** `createFragmentScanner`: also give each finding's clear view, for the review screen's vault (in memory only). */
  readonly clearViews?: boolean;
  /**
   * A history report without the slow fingerprints (`HistoryScanOptions.allFingerprints`):
   * a detection thread gives guessable secrets a provisional id and computes nothing.
   */
  readonly deferFingerprints?: boolean;
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
export async function createBatchScanner(setup: DetectSetup, loaded?: Config, given?: PendingFingerprints): Promise<BatchScanner> {
  const engine = await engineFor(setup, loaded);
  const prints = given ?? (setup.deferFingerprints ? new PendingFingerprints(undefined, true) : undefined);
  return async (fragments) => {
    // The vault keeps each finding's clear secret in memory, beside the redacted finding.
    const vault = new SecretVault();
    const result = await scan(engine, iterate(fragments), { redact: setup.redact, vault, ignoreNotes: false, ...(setup.changedConfig !== undefined ? { changedConfig: setup.changedConfig } : {}), ...(prints ? { fingerprint: prints.fingerprint } : {}) });
    const indexOf = new Map(fragments.map((fragment, index) => [fragmentKey(fragment.commit?.commit, fragment.path), index]));
    const findings = result.findings.map((finding) => ({
      index: indexOf.get(fragmentKey(finding.commit?.commit, finding.file)) ?? 0,
      finding,
      secret: clearSecret(vault, finding),
    }));
    return { findings, notes: result.notes, files: result.stats.files, bytes: result.stats.bytes };
  };
}

/**
 * What identifies a finding's secret across a history (`HistoryFindings`): the
 * vault's view of it, which every reported finding has (a merged one adopts it).
 */
function clearSecret(vault: SecretVault, finding: Finding): string {
  const secret = vault.get(finding)?.secret;
  if (secret === undefined) throw new Error(`internal error: no clear secret kept for ${finding.file}:${finding.line}`);
  return secret;
}

/** What a thread gives back for one fragment. */
export interface FragmentResult {
  readonly scan: FragmentScan;
  /** With `clearViews`: the vault's view of each finding and policy finding, in their order. */
  readonly views?: { readonly findings: readonly (ClearView | undefined)[]; readonly policy: readonly (ClearView | undefined)[] };
}

export interface FragmentBatchResult {
  /** One per fragment of the batch, in its order. */
  readonly results: readonly FragmentResult[];
  /**
   * Fingerprints of the config's `ignore` entries that matched so far on this
   * thread: the main thread's allowlist counts them too, so a stale entry is told
   * from one in use.
   */
  readonly ignoreMatches: readonly string[];
}

export type FragmentScanner = (fragments: readonly Fragment[]) => FragmentBatchResult;

export async function createFragmentScanner(setup: DetectSetup): Promise<FragmentScanner> {
  const engine = await engineFor(setup);
  return (fragments) => {
    const results = fragments.map((fragment): FragmentResult => {
      const vault = setup.clearViews ? new SecretVault() : undefined;
      const scan = scanFragment(engine, fragment, { redact: setup.redact, ...(vault ? { vault } : {}) });
      if (!vault) return { scan };
      return { scan, views: { findings: scan.findings.map((finding) => vault.get(finding)), policy: scan.policy.map((finding) => vault.get(finding)) } };
    });
    return { results, ignoreMatches: engine.allowlist.matchedIgnores() };
  };
}

/**
 * The engine a thread scans with: the bundled rules and the config, read from the
 * repository as the main thread read it (a parsed config holds regexes and
 * matchers, which do not clone), or `loaded` when on the main thread.
 */
async function engineFor(setup: DetectSetup, loaded?: Config): Promise<Engine> {
  const [rules, config] = await Promise.all([
    loadBundledRules(),
    loaded ?? (setup.config === false ? EMPTY_CONFIG : loadConfig(setup.root, setup.config)),
  ]);
  return createEngine(rules, config);
}

function fragmentKey(commit: string | undefined, path: string): string {
  return `${commit ?? ''}\0${path}`;
}

async function* iterate(fragments: readonly Fragment[]): AsyncIterable<{ fragment: Fragment }> {
  for (const fragment of fragments) yield { fragment };
}
