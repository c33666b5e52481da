/**
 * Baselines (pure): the findings a team has already accepted, so CI reports only
 * what is new. The file holds fingerprints only (`lg2:` hashes of rule, path and secret:
 * never a secret, never a line number or timestamp), sorted and deduplicated, so
 * writing it twice gives the same bytes and merges stay trivial.
 */
import { ConfigError } from '../errors.js';
import { FINGERPRINT_PATTERN } from '../findings/fingerprint.js';
import type { Finding } from '../types.js';

export const BASELINE_FILE = '.leakgate-baseline.json';

export interface Baseline {
  readonly fingerprints: ReadonlySet<string>;
}

/** The file's text for `findings`, aliases (a history finding's other paths) included. */
export function baselineText(findings: readonly Finding[]): string {
  const prints = new Set<string>();
  for (const finding of findings) {
    // A baseline scan computes every fingerprint; one missing here would drop its finding from the file.
    if (finding.fingerprint === undefined) throw new Error(`internal error: ${finding.file}:${finding.line} has no fingerprint for the baseline`);
    prints.add(finding.fingerprint);
    for (const alias of finding.aliases ?? []) prints.add(alias);
  }
  const sorted = [...prints].sort();
  return `${JSON.stringify({ version: 1, tool: 'leakgate', fingerprints: sorted }, null, 2)}\n`;
}

/**
 * Reads a baseline. Its errors name the file, the line and the key, and what was
 * expected, never the value found: `--baseline` pointed at the wrong file (`.env`)
 * must not print that file's secrets.
 */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `not valid JSON${jsonErrorPlace(text, error as Error)}: expected a baseline written by \`leakgate baseline\``);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(file, `expected a JSON object, got ${kindOf(data)}`);
  const { version, fingerprints } = data as { version?: unknown; fingerprints?: unknown };
  if (version !== 1) throw new ConfigError(`${file}:${keyLine(text, 'version')}`, `version: expected 1, got ${kindOf(version)}`);
  if (!Array.isArray(fingerprints)) throw new ConfigError(`${file}:${keyLine(text, 'fingerprints')}`, `fingerprints: expected an array, got ${kindOf(fingerprints)}`);
  fingerprints.forEach((entry, i) => {
    if (typeof entry !== 'string' || !FINGERPRINT_PATTERN.test(entry)) {
      const line = typeof entry === 'string' ? stringLine(text, entry) : undefined;
      throw new ConfigError(
        line === undefined ? file : `${file}:${line}`,
        `fingerprints[${i}]: expected a leakgate fingerprint (lg2: or lg1: followed by 32 hex digits), got ${kindOf(entry)} that is not one`,
      );
    }
  });
  return { fingerprints: new Set(fingerprints as string[]) };
}

/** What a JSON value is, without the value: `a string`, `a number`, `an array`... */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** ` at line N, column M` from a JSON.parse error (which quotes the input: its message is never shown). */
function jsonErrorPlace(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (position) return ` at ${lineColumn(text, Number(position[1]))}`;
  return /Unexpected end of JSON input/.test(error.message) ? ' (it ends early)' : '';
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** The 1-based line of the first `"key":` in the text, or 1. */
function keyLine(text: string, key: string): number {
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

function stringLine(text: string, value: string): number | undefined {
  const at = text.indexOf(JSON.stringify(value));
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** Whether `finding` (under its own path or, for history, any path its file had) is in the baseline. */
export function inBaseline(baseline: Baseline, finding: Finding): boolean {
  return (
    (finding.fingerprint !== undefined && baseline.fingerprints.has(finding.fingerprint)) ||
    [...(finding.aliases ?? []), ...(finding.legacyFingerprints ?? [])].some((print) => baseline.fingerprints.has(print))
  );
}
