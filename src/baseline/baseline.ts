/**
 * Baselines (pure): the findings a team has already accepted, so CI reports only
 * what is new. The file holds fingerprints only (hashes of rule, path and secret:
 * never a secret, never a line number or timestamp), sorted and deduplicated, so
 * writing it twice gives the same bytes and merges stay trivial.
 */
import { ConfigError } from '../errors.js';
import type { Finding } from '../types.js';

export const BASELINE_FILE = '.leakgate-baseline.json';

export interface Baseline {
  readonly fingerprints: ReadonlySet<string>;
}

/** The file's text for `findings`, aliases (a history finding's other paths) included. */
export function baselineText(findings: readonly Finding[]): string {
  const prints = new Set<string>();
  for (const finding of findings) {
    prints.add(finding.fingerprint);
    for (const alias of finding.aliases ?? []) prints.add(alias);
  }
  const sorted = [...prints].sort();
  return `${JSON.stringify({ version: 1, tool: 'leakgate', fingerprints: sorted }, null, 2)}\n`;
}

const FINGERPRINT = /^lg\d+:[0-9a-f]{8,64}$/;

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(file, 'expected a JSON object');
  const { version, fingerprints } = data as { version?: unknown; fingerprints?: unknown };
  if (version !== 1) throw new ConfigError(file, `version: expected 1, got ${JSON.stringify(version)}`);
  if (!Array.isArray(fingerprints)) throw new ConfigError(file, 'fingerprints: expected an array');
  fingerprints.forEach((entry, i) => {
    if (typeof entry !== 'string' || !FINGERPRINT.test(entry)) {
      throw new ConfigError(file, `fingerprints[${i}]: expected a leakgate fingerprint (lg1:…), got ${JSON.stringify(entry)}`);
    }
  });
  return { fingerprints: new Set(fingerprints as string[]) };
}

/** Whether `finding` (under its own path or, for history, any path its file had) is in the baseline. */
export function inBaseline(baseline: Baseline, finding: Finding): boolean {
  return (
    baseline.fingerprints.has(finding.fingerprint) || (finding.aliases ?? []).some((alias) => baseline.fingerprints.has(alias))
  );
}
