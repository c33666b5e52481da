/**
 * Rule validation and compilation (pure). A rule file is data; a broken rule is a
 * ConfigError that names the file, the rule and the field.
 */
import { ConfigError } from '../errors.js';
import type { Severity } from '../types.js';
import { CHECKSUM_IDS, type ChecksumId } from './checksum.js';
import { compileLinear, linearProblem, PatternRefused } from './linear-regex.js';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** What the scanner needs of a rule at run time (what `dist/patterns.json` holds). */
export interface RuleDefinition {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly regex: string;
  readonly flags?: string;
  readonly secretGroup: number;
  readonly keywords: readonly string[];
  readonly entropy?: number;
  readonly checksum?: ChecksumId;
  readonly allow?: readonly string[];
  readonly paths?: readonly string[];
}

/** A rule as written in `patterns/*.yaml`. */
export interface RuleSpec extends RuleDefinition {
  readonly docs?: string;
  readonly examples: { readonly match: readonly string[]; readonly noMatch: readonly string[] };
  /** The file the rule came from, for error messages. */
  readonly source: string;
  /** The rule file's `provider` (absent for a config's custom rules). */
  readonly provider?: string;
}

/** The fields of a rule that `dist/patterns.json` keeps. */
export function toDefinition(spec: RuleSpec): RuleDefinition {
  const { docs: _docs, examples: _examples, source: _source, provider: _provider, ...definition } = spec;
  return definition;
}

/**
 * Which engine runs a rule: `native` (V8's backtracking RegExp) for the bundled
 * rules, which are reviewed data that the build proves RE2-compatible; `linear`
 * (RE2, see linear-regex.ts) for every rule a config brings.
 */
export type RuleEngine = 'native' | 'linear';

/** Something a rule's `allow` pattern can be: V8's RegExp or a linear-time one. */
export interface PatternTest {
  readonly source: string;
  test(text: string): boolean;
}

export interface CompiledRule extends RuleDefinition {
  /** The span of the secret group in each match, left to right (empty captures skipped). */
  secretSpans(text: string): Iterable<readonly [number, number]>;
  readonly allowPatterns: readonly PatternTest[];
}

/** Every field a rule may have (the schemas for editors list the same, checked by a test). */
export const RULE_FIELDS: ReadonlySet<string> = new Set([
  'id', 'title', 'severity', 'regex', 'flags', 'secretGroup', 'keywords', 'entropy',
  'checksum', 'allow', 'paths', 'docs', 'examples',
]);
const FILE_FIELDS = new Set(['provider', 'rules']);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Validates one parsed rule file; returns its rules with `source` set. */
export function validateRuleFile(data: unknown, source: string): RuleSpec[] {
  if (!isRecord(data)) throw new ConfigError(source, 'expected a mapping with `provider` and `rules`');
  for (const key of Object.keys(data)) {
    if (!FILE_FIELDS.has(key)) throw new ConfigError(source, `unknown field \`${key}\``);
  }
  if (typeof data.provider !== 'string' || data.provider === '') {
    throw new ConfigError(source, '`provider` must be a non-empty string');
  }
  if (!Array.isArray(data.rules) || data.rules.length === 0) {
    throw new ConfigError(source, '`rules` must be a non-empty list');
  }
  const provider = data.provider;
  return data.rules.map((rule, index) => ({ ...validateRule(rule, source, index), provider }));
}

/**
 * Validates one rule. With `engine: 'linear'` (a rule from a config), the regex and
 * the allow patterns must run on the linear-time engine, and are compiled by it.
 */
export function validateRule(data: unknown, source: string, index: number, engine: RuleEngine = 'native'): RuleSpec {
  const id = isRecord(data) && typeof data.id === 'string' ? data.id : `#${index + 1}`;
  const where = (field?: string): string => `${source}: rule ${id}${field ? `: field \`${field}\`` : ''}`;
  const fail = (field: string, message: string): never => {
    throw new ConfigError(where(field), message);
  };
  if (!isRecord(data)) throw new ConfigError(where(), 'expected a mapping');
  for (const key of Object.keys(data)) if (!RULE_FIELDS.has(key)) fail(key, 'unknown field');

  if (typeof data.id !== 'string' || !ID.test(data.id)) fail('id', 'must be kebab-case (a-z, 0-9, -)');
  if (typeof data.title !== 'string' || data.title === '') fail('title', 'must be a non-empty string');
  if (!SEVERITIES.includes(data.severity as Severity)) fail('severity', `must be one of ${SEVERITIES.join(', ')}`);
  if (typeof data.regex !== 'string' || data.regex === '') fail('regex', 'must be a non-empty string');
  const flags = data.flags ?? '';
  if (typeof flags !== 'string' || !/^(?:i?s?|s?i?)$/.test(flags)) fail('flags', 'may only contain "i" and "s"');
  let groups = 0;
  try {
    groups = engine === 'linear' ? compileLinear(data.regex as string, flags as string).groupCount : countGroups(new RegExp(data.regex as string, flags as string));
  } catch (error) {
    fail('regex', error instanceof PatternRefused ? `"${data.regex as string}" ${error.message}` : `does not compile: ${(error as Error).message}`);
  }
  const secretGroup = data.secretGroup ?? 0;
  if (!Number.isInteger(secretGroup) || (secretGroup as number) < 0 || (secretGroup as number) > groups) {
    fail('secretGroup', `must be an integer from 0 to ${groups} (the regex has ${groups} groups)`);
  }
  if (!isStringList(data.keywords) || data.keywords.length === 0) fail('keywords', 'must be a non-empty list of strings');
  for (const keyword of data.keywords as string[]) {
    if (keyword === '' || keyword !== keyword.toLowerCase() || /[^\x20-\x7e]/.test(keyword)) {
      fail('keywords', `"${keyword}" must be non-empty, lowercase printable ASCII`);
    }
  }
  if (data.entropy !== undefined && (typeof data.entropy !== 'number' || data.entropy < 0 || data.entropy > 8)) {
    fail('entropy', 'must be a number of bits per character from 0 to 8');
  }
  if (data.checksum !== undefined && !CHECKSUM_IDS.includes(data.checksum as ChecksumId)) {
    fail('checksum', `must be one of ${CHECKSUM_IDS.join(', ')}`);
  }
  for (const field of ['allow', 'paths'] as const) {
    if (data[field] !== undefined && !isStringList(data[field])) fail(field, 'must be a list of strings');
  }
  for (const allow of (data.allow as string[] | undefined) ?? []) {
    try {
      if (engine === 'linear') compileLinear(allow);
      else new RegExp(allow);
    } catch (error) {
      fail('allow', `"${allow}" ${error instanceof PatternRefused ? error.message : `does not compile: ${(error as Error).message}`}`);
    }
  }
  if (data.docs !== undefined && (typeof data.docs !== 'string' || !/^https?:\/\//.test(data.docs))) {
    fail('docs', 'must be an http(s) URL');
  }
  const examples = data.examples;
  if (!isRecord(examples)) fail('examples', 'must be a mapping with `match` and `noMatch` lists');
  const { match, noMatch } = examples as Record<string, unknown>;
  if (!isStringList(match) || match.length === 0) fail('examples.match', 'must be a non-empty list of strings');
  if (!isStringList(noMatch) || noMatch.length === 0) fail('examples.noMatch', 'must be a non-empty list of strings');

  const spec = data as unknown as RuleSpec;
  return {
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    regex: spec.regex,
    ...(spec.flags ? { flags: spec.flags } : {}),
    secretGroup: secretGroup as number,
    keywords: spec.keywords,
    ...(spec.entropy !== undefined ? { entropy: spec.entropy } : {}),
    ...(spec.checksum ? { checksum: spec.checksum } : {}),
    ...(spec.allow ? { allow: spec.allow } : {}),
    ...(spec.paths ? { paths: spec.paths } : {}),
    ...(spec.docs ? { docs: spec.docs } : {}),
    examples: { match: match as string[], noMatch: noMatch as string[] },
    source,
  };
}

/** Validates a whole rule set: per-rule checks plus unique ids. */
export function validateRuleSet(rules: readonly RuleSpec[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const first = seen.get(rule.id);
    if (first) throw new ConfigError(`${rule.source}: rule ${rule.id}: field \`id\``, `duplicate of the rule in ${first}`);
    seen.set(rule.id, rule.source);
  }
}

/**
 * Regexes are compiled on first use: most rules never pass the keyword prefilter
 * on a given commit, and compiling them all would cost more than the scan.
 *
 * Bundled rules run on V8 (`native`): measured on the same text and rules, RE2 in
 * JavaScript is over 100 times slower, and the build checks that each bundled rule
 * is RE2-compatible and free of nested unbounded quantifiers. A rule from a config
 * always runs on the linear-time engine.
 */
export function compileRule<T extends RuleDefinition>(spec: T, engine: RuleEngine = 'native'): T & CompiledRule {
  let native: RegExp | undefined;
  let linear: ReturnType<typeof compileLinear> | undefined;
  let allowPatterns: PatternTest[] | undefined;
  const group = spec.secretGroup;
  return {
    ...spec,
    *secretSpans(text: string) {
      if (engine === 'linear') {
        linear ??= compileLinear(spec.regex, spec.flags);
        for (const spans of linear.matchAll(text)) {
          const span = spans[group];
          if (span && span[1] > span[0]) yield span;
        }
        return;
      }
      // `d` gives group offsets, so a secret inside a longer match is located exactly.
      native ??= new RegExp(spec.regex, `${spec.flags ?? ''}gd`);
      const spans: (readonly [number, number])[] = [];
      try {
        for (const match of text.matchAll(native)) {
          const span = match.indices?.[group];
          if (match[group] && span) spans.push(span);
        }
      } catch (error) {
        // V8 keeps a backtracking entry per repetition of a group: a few megabytes that start
        // like a match and never end it (a PEM header, then base64) exhaust its stack. RE2 has
        // no such stack, and runs every bundled rule that passes the linear-time check.
        if (!(error instanceof RangeError) || linearProblem(spec.regex, spec.flags) !== undefined) throw error;
        linear ??= compileLinear(spec.regex, spec.flags);
        for (const groups of linear.matchAll(text)) {
          const span = groups[group];
          if (span && span[1] > span[0]) yield span;
        }
        return;
      }
      yield* spans;
    },
    get allowPatterns() {
      return (allowPatterns ??= (spec.allow ?? []).map((allow) => (engine === 'linear' ? compileLinear(allow) : new RegExp(allow))));
    },
  };
}

function countGroups(regex: RegExp): number {
  // An empty alternative matches anything; the match array length is groups + 1.
  return (new RegExp(`${regex.source}|`, regex.flags).exec('')?.length ?? 1) - 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
