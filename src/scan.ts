/**
 * The engine: sources in, findings out. Takes in-memory inputs (rules, config,
 * fragments); the CLI owns files, flags and exit codes.
 */
import { Allowlist } from './allowlist/match.js';
import type { Config } from './allowlist/config.js';
import type { Detector } from './detectors/detector.js';
import { entropyDetector } from './detectors/entropy.js';
import { regexDetector } from './detectors/regex.js';
import { processFindings } from './findings/pipeline.js';
import { compileRule, type RuleDefinition } from './patterns/rule.js';
import type { SourceItem } from './sources/source.js';
import type { Finding, Fragment, Note, ScanResult, ScanStats } from './types.js';

export interface Engine {
  readonly detectors: readonly Detector[];
  readonly allowlist: Allowlist;
}

export function createEngine(rules: readonly RuleDefinition[], config: Config): Engine {
  const allowlist = new Allowlist(config);
  const enabled = rules.filter((rule) => !allowlist.ruleDisabled(rule.id)).map(compileRule);
  const detectors: Detector[] = [regexDetector(enabled)];
  if (!allowlist.ruleDisabled('generic-secret') || !allowlist.ruleDisabled('generic-password')) {
    detectors.push(entropyDetector());
  }
  return { detectors, allowlist };
}

/** Every detector's raw findings for one fragment. */
export function detect(engine: Engine, fragment: Fragment) {
  return engine.detectors.flatMap((detector) => detector(fragment));
}

export interface ScanOptions {
  readonly redact: boolean;
}

export async function scan(engine: Engine, items: AsyncIterable<SourceItem>, options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const findings: Finding[] = [];
  const notes: Note[] = [];
  const stats: ScanStats = { files: 0, bytes: 0, commits: 0, durationMs: 0 };
  for await (const item of items) {
    if ('note' in item) {
      notes.push(item.note);
      continue;
    }
    const { fragment } = item;
    if (engine.allowlist.pathAllowed(fragment.path)) continue;
    stats.files++;
    stats.bytes += fragment.text.length;
    findings.push(...processFindings(fragment, detect(engine, fragment), { allowlist: engine.allowlist, redact: options.redact }));
  }
  for (const entry of engine.allowlist.expiredEntries()) {
    notes.push({ path: '.leakgate.yaml', message: `ignore entry ${entry.fingerprint} expired on ${entry.expires}; its finding is reported again` });
  }
  stats.durationMs = Math.round(performance.now() - started);
  return { findings, policy: [], notes, stats };
}
