/**
 * `.leakgate.yaml`: parsing and validation (pure: text in, config out). Every
 * error names the file, the line and the key; nothing unknown is ignored silently.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { ConfigError } from '../errors.js';
import { compileLinear, linearProblem, PatternRefused, type LinearRegex } from '../patterns/linear-regex.js';
import { FINGERPRINT_PATTERN } from '../findings/fingerprint.js';
import { globProblem } from './globs.js';
import { validateRule, type RuleSpec } from '../patterns/rule.js';
import type { ArchiveLimits } from '../sources/archive.js';

export { globProblem } from './globs.js';

export type RegexTarget = 'secret' | 'line';

export interface AllowRegex {
  /** On the linear-time engine, as every pattern a config brings. */
  readonly pattern: LinearRegex;
  readonly target: RegexTarget;
}

export interface IgnoreEntry {
  readonly fingerprint: string;
  readonly rule?: string;
  readonly path?: string;
  readonly reason?: string;
  readonly author?: string;
  readonly date?: string;
  /** ISO date (YYYY-MM-DD); the entry stops applying after this day. */
  readonly expires?: string;
}

/** What `allow:` holds, at the top level and inside one rule's settings. */
export interface AllowSettings {
  /** Minimatch globs, relative to the repository root. */
  readonly paths: readonly string[];
  readonly regexes: readonly AllowRegex[];
  /** Lower-cased; a secret containing one is allowed. */
  readonly stopwords: readonly string[];
}

/**
 * Settings for one rule, under `rules.<rule-id>`:
 *
 * ```yaml
 * rules:
 *   generic-password:
 *     paths: ["config/**"]        # the rule reports only in these files
 *     entropy: 3.2                # nor secrets less random than this (bits per character)
 *     allow:                      # the rule's own allowlist, same keys as the top-level one
 *       paths: ["test/**"]
 * ```
 */
export interface RuleSettings {
  /** When present, the rule reports only in files matching one of these globs. */
  readonly paths?: readonly string[];
  /** Minimum Shannon entropy (bits per character) of a secret this rule reports. */
  readonly entropy?: number;
  readonly allow?: AllowSettings;
}

export interface Config {
  /** Where the config came from, for messages; undefined when no file was found. */
  readonly file?: string;
  readonly allowPaths: readonly string[];
  readonly allowRegexes: readonly AllowRegex[];
  readonly stopwords: readonly string[];
  readonly disabledRules: ReadonlySet<string>;
  /** `rules.<rule-id>` settings, by rule id. */
  readonly rules?: ReadonlyMap<string, RuleSettings>;
  /**
   * Where each rule id named in the file sits (`file:line: key`), so a check against
   * the loaded rules can point at a typo.
   */
  readonly ruleIdsWhere?: ReadonlyMap<string, string>;
  /** Rules the repository adds, in the format of `patterns/*.yaml`. */
  readonly customRules?: readonly RuleSpec[];
  readonly ignore: readonly IgnoreEntry[];
  /** `ignore[i]`'s place (`file:line: ignore[i]`), for stale and expired notes. */
  readonly ignoreWhere?: readonly string[];
  readonly maxFileBytes?: number;
  /** `limits.archive*`: the budgets for opening archives; unset ones keep their defaults. */
  readonly archiveLimits?: Partial<ArchiveLimits>;
  /** `allowSkipped: true`: content left unscanned (above maxFileSize, an LFS object not present) does not fail the scan. */
  readonly allowSkipped?: boolean;
}

export const EMPTY_CONFIG: Config = {
  allowPaths: [],
  allowRegexes: [],
  stopwords: [],
  disabledRules: new Set(),
  ignore: [],
};

const TOP_KEYS = ['allow', 'rules', 'customRules', 'ignore', 'maxFileSize', 'limits', 'allowSkipped'];
/** `limits.<key>`: which archive budget it sets, and whether it is a size (`64MiB`) or a count. */
const ARCHIVE_LIMIT_KEYS: Record<string, { limit: keyof ArchiveLimits; size: boolean }> = {
  archiveBytes: { limit: 'totalBytes', size: true },
  archiveMemberBytes: { limit: 'memberBytes', size: true },
  archiveEntries: { limit: 'entries', size: false },
  archiveDepth: { limit: 'depth', size: false },
  archiveRatio: { limit: 'ratio', size: false },
};
const ALLOW_KEYS = ['paths', 'regexes', 'stopwords'];
const ALLOW_REGEX_KEYS = ['pattern', 'target'];
const RULE_SETTINGS_KEYS = ['paths', 'entropy', 'allow'];
const IGNORE_KEYS = ['fingerprint', 'rule', 'path', 'reason', 'author', 'date', 'expires'];
/** Rule ids as `patterns/` spells them. */
export const RULE_ID = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * A key as an error message may show it: a name as people type config keys
 * (letters, `-`, `_`), else a placeholder. A key with digits or other characters
 * may be a token pasted in the wrong place; the line number says where it is.
 */
function shownKey(key: string): string {
  return /^[A-Za-z][A-Za-z_-]{0,39}$/.test(key) ? key : '<key>';
}

/**
 * Every key the loader accepts, by where it goes: the JSON Schema for editors
 * (schema/leakgate.schema.json) must list the same, which a test checks.
 */
export const CONFIG_KEYS = {
  top: TOP_KEYS,
  allow: ALLOW_KEYS,
  allowRegex: ALLOW_REGEX_KEYS,
  ruleSettings: RULE_SETTINGS_KEYS,
  ignore: IGNORE_KEYS,
  limits: Object.keys(ARCHIVE_LIMIT_KEYS),
} as const;

export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (node: Node | null | undefined, key: string): string => {
    const offset = node?.range?.[0];
    return offset === undefined ? `${file}: ${key}` : `${file}:${lineCounter.linePos(offset).line}: ${key}`;
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ConfigError(line ? `${file}:${line}` : file, `not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const root = doc.contents === null ? null : expandAliases(doc, doc.contents as Node, where);
  if (root === null || (isScalar(root) && root.value === null)) return { ...EMPTY_CONFIG, file };
  if (!isMap(root)) throw new ConfigError(where(root, '(top level)'), 'expected a mapping');

  const v = new Validator(where);
  v.keys(root, TOP_KEYS, '');
  const allow = parseAllow(v, root, 'allow');

  const rules = v.map(root, 'rules');
  const disabledRules = new Set<string>();
  const ruleSettings = new Map<string, RuleSettings>();
  const ruleIdsWhere = new Map<string, string>();
  for (const pair of rules?.items ?? []) {
    const id = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (id === 'disable') {
      v.strings(rules!, 'disable', 'rules.disable').forEach((rule, i) => {
        const node = v.item(rules!, 'disable', i);
        if (!RULE_ID.test(rule)) throw new ConfigError(where(node, `rules.disable[${i}]`), 'is not a rule id (lower-case letters, digits and -)');
        disabledRules.add(rule);
        ruleIdsWhere.set(rule, where(node, `rules.disable[${i}]`));
      });
      continue;
    }
    const key = `rules.${id}`;
    if (!RULE_ID.test(id)) {
      throw new ConfigError(where(pair.key as Node, `rules.${shownKey(id)}`), 'unknown key; expected `disable` or a rule id (lower-case letters, digits and -)');
    }
    ruleIdsWhere.set(id, where(pair.key as Node, key));
    const settings = v.map(rules!, id, key);
    if (!settings) continue;
    v.keys(settings, RULE_SETTINGS_KEYS, `${key}.`);
    const scope = settings.has('paths') ? v.strings(settings, 'paths', `${key}.paths`) : undefined;
    scope?.forEach((glob, i) => v.glob(glob, v.item(settings, 'paths', i), `${key}.paths[${i}]`));
    const entropyNode = settings.get('entropy', true) as Node | undefined;
    let entropy: number | undefined;
    if (entropyNode !== undefined) {
      const value = isScalar(entropyNode) ? entropyNode.value : undefined;
      if (typeof value !== 'number' || !(value >= 0 && value <= 8)) {
        throw new ConfigError(where(entropyNode, `${key}.entropy`), 'expected a number of bits per character, from 0 to 8');
      }
      entropy = value;
    }
    const ruleAllow = parseAllow(v, settings, 'allow', `${key}.allow`);
    ruleSettings.set(id, {
      ...(scope ? { paths: scope } : {}),
      ...(entropy === undefined ? {} : { entropy }),
      ...(ruleAllow ? { allow: ruleAllow } : {}),
    });
  }

  const ignore: IgnoreEntry[] = [];
  const ignoreWhere: string[] = [];
  v.seq(root, 'ignore', 'ignore')?.items.forEach((item, i) => {
    const key = `ignore[${i}]`;
    ignoreWhere.push(where(item as Node, key));
    if (!isMap(item)) throw new ConfigError(where(item as Node, key), 'expected a mapping with at least `fingerprint`');
    v.keys(item, IGNORE_KEYS, `${key}.`);
    const entry: Record<string, string> = {};
    for (const field of IGNORE_KEYS) {
      const value = v.string(item, field, `${key}.${field}`, field === 'fingerprint');
      if (value !== undefined) entry[field] = value;
    }
    if (!FINGERPRINT_PATTERN.test(entry.fingerprint!)) {
      throw new ConfigError(where(item.get('fingerprint', true) as Node, `${key}.fingerprint`), 'expected lg2: (or lg1:) followed by 32 hex digits');
    }
    for (const field of ['date', 'expires']) {
      if (entry[field] !== undefined && !isDate(entry[field])) {
        throw new ConfigError(where(item.get(field, true) as Node, `${key}.${field}`), 'expected a date, YYYY-MM-DD');
      }
    }
    if (entry.rule !== undefined && !RULE_ID.test(entry.rule)) {
      throw new ConfigError(where(item.get('rule', true) as Node, `${key}.rule`), `"${entry.rule}" is not a rule id`);
    }
    ignore.push(entry as unknown as IgnoreEntry);
  });

  let maxFileBytes: number | undefined;
  const maxNode = root.get('maxFileSize', true) as Node | undefined;
  if (maxNode !== undefined) {
    const value = isScalar(maxNode) ? maxNode.value : undefined;
    maxFileBytes = typeof value === 'number' && value > 0 ? value : typeof value === 'string' ? parseSize(value) : undefined;
    if (maxFileBytes === undefined) throw new ConfigError(where(maxNode, 'maxFileSize'), 'expected a size such as 5MiB, 512KiB or a number of bytes');
  }

  const archiveLimits = parseLimits(v, root);

  let allowSkipped: boolean | undefined;
  const skippedNode = root.get('allowSkipped', true) as Node | undefined;
  if (skippedNode !== undefined) {
    const value = isScalar(skippedNode) ? skippedNode.value : undefined;
    if (typeof value !== 'boolean') throw new ConfigError(where(skippedNode, 'allowSkipped'), 'expected true or false');
    allowSkipped = value;
  }

  const customRules = parseCustomRules(v, root, where);

  return {
    file,
    ...(customRules.length > 0 ? { customRules } : {}),
    allowPaths: allow?.paths ?? [],
    allowRegexes: allow?.regexes ?? [],
    stopwords: allow?.stopwords ?? [],
    disabledRules,
    rules: ruleSettings,
    ruleIdsWhere,
    ignore,
    ignoreWhere,
    ...(maxFileBytes ? { maxFileBytes } : {}),
    ...(archiveLimits ? { archiveLimits } : {}),
    ...(allowSkipped !== undefined ? { allowSkipped } : {}),
  };
}

/**
 * `limits:`, the archive budgets:
 *
 * ```yaml
 * limits:
 *   archiveBytes: 1GiB        # decompressed from one archive, nested ones included
 *   archiveMemberBytes: 128MiB
 *   archiveEntries: 200000
 *   archiveDepth: 6
 *   archiveRatio: 1000        # output bytes per compressed byte
 * ```
 */
function parseLimits(v: Validator, root: YamlMap): Partial<ArchiveLimits> | undefined {
  const limits = v.map(root, 'limits');
  if (!limits) return undefined;
  v.keys(limits, Object.keys(ARCHIVE_LIMIT_KEYS), 'limits.');
  const out: Partial<Record<keyof ArchiveLimits, number>> = {};
  for (const [key, { limit, size }] of Object.entries(ARCHIVE_LIMIT_KEYS)) {
    const node = limits.get(key, true) as Node | undefined;
    if (node === undefined) continue;
    const value = isScalar(node) ? node.value : undefined;
    const parsed = typeof value === 'number' ? value : size && typeof value === 'string' ? parseSize(value) : undefined;
    if (parsed === undefined || !Number.isSafeInteger(parsed) || parsed < 1) {
      throw new ConfigError(v.where(node, `limits.${key}`), size ? 'expected a size such as 256MiB, 512KiB or a number of bytes' : 'expected a whole number, at least 1');
    }
    out[limit] = parsed;
  }
  return out;
}

/** Nodes an alias may expand to in all: a few aliases must not make a billion nodes. */
const MAX_EXPANDED_NODES = 10_000;

/**
 * The config with every alias (`paths: *p`) replaced by a copy of what it names,
 * and every merge key (`<<: *base`) by the pairs it brings (the mapping's own keys
 * win), so validation sees plain data that keeps positions for its messages.
 */
function expandAliases(doc: Document, root: Node, where: (node: Node | null | undefined, key: string) => string): Node {
  let budget = MAX_EXPANDED_NODES;
  const expand = (node: Node): Node => {
    if (--budget < 0) throw new ConfigError(where(root, '(aliases)'), `aliases expand to more than ${MAX_EXPANDED_NODES} nodes`);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) throw new ConfigError(where(node, `*${node.source}`), 'names no anchor');
      return expand(target.clone() as Node);
    }
    if (isSeq(node)) node.items = node.items.map((item) => expand(item as Node));
    if (isMap(node)) {
      const own: Pair[] = [];
      const merged: Pair[] = [];
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value === '<<' && !pair.key.type?.startsWith('QUOTE')) {
          const value = expand(pair.value as Node);
          for (const source of isSeq(value) ? value.items : [value]) {
            if (!isMap(source)) throw new ConfigError(where(pair.value as Node, '<<'), 'a merge key takes a mapping or a list of mappings');
            merged.push(...source.items.filter(isPair));
          }
        } else {
          if (pair.value !== null && pair.value !== undefined) pair.value = expand(pair.value as Node);
          own.push(pair);
        }
      }
      const keyOf = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : pair.key);
      const seen = new Set(own.map(keyOf));
      for (const pair of merged) {
        if (seen.has(keyOf(pair))) continue;
        seen.add(keyOf(pair));
        own.push(pair);
      }
      node.items = own;
    }
    return node;
  };
  return expand(root);
}

/** An `allow:` mapping (top level or one rule's), validated. */
function parseAllow(v: Validator, parent: YamlMap, name: string, key = name): AllowSettings | undefined {
  const allow = v.map(parent, name, key);
  if (!allow) return undefined;
  v.keys(allow, ALLOW_KEYS, `${key}.`);
  const paths = v.strings(allow, 'paths', `${key}.paths`);
  paths.forEach((glob, i) => v.glob(glob, v.item(allow, 'paths', i), `${key}.paths[${i}]`));
  const regexes: AllowRegex[] = [];
  v.seq(allow, 'regexes', `${key}.regexes`)?.items.forEach((item, i) => {
    const at = `${key}.regexes[${i}]`;
    if (!isMap(item)) throw new ConfigError(v.where(item as Node, at), 'expected a mapping with `pattern` and `target` (secret or line)');
    v.keys(item, ALLOW_REGEX_KEYS, `${at}.`);
    const pattern = v.string(item, 'pattern', `${at}.pattern`, true)!;
    const target = v.string(item, 'target', `${at}.target`, true)!;
    if (target !== 'secret' && target !== 'line') {
      throw new ConfigError(v.where(item.get('target', true) as Node, `${at}.target`), 'must be `secret` or `line`');
    }
    try {
      regexes.push({ pattern: compileLinear(pattern), target });
    } catch (error) {
      if (!(error instanceof PatternRefused)) throw error;
      throw new ConfigError(v.where(item.get('pattern', true) as Node, `${at}.pattern`), `"${pattern}" ${error.message}`);
    }
  });
  const stopwords = v.strings(allow, 'stopwords', `${key}.stopwords`).map((word) => word.toLowerCase());
  return { paths, regexes, stopwords };
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  // Round-trip, so that 2026-02-31 (which Date would roll over into March) is refused.
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The Levenshtein distance, for "did you mean" on rule ids. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Rule ids the config names that no loaded rule has. One that is a small edit away
 * from a real id is a typo, and an error (the setting would silently do nothing);
 * any other is returned so the scan can note it (a detector may report rule ids
 * that `patterns/` does not list).
 */
export function checkRuleIds(config: Config, known: ReadonlySet<string>): { where: string; message: string }[] {
  const unknown: { where: string; message: string }[] = [];
  for (const [id, at] of config.ruleIdsWhere ?? []) {
    if (known.has(id)) continue;
    const near = [...known].find((candidate) => distance(id, candidate) <= Math.min(2, Math.floor(id.length / 4)));
    if (near) throw new ConfigError(at, `no rule has the id "${id}"; did you mean "${near}"?`);
    unknown.push({ where: at, message: `no loaded rule has the id "${id}"; this setting has no effect unless a detector reports it` });
  }
  return unknown;
}

function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|KB|MiB|MB|GiB|GB)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'B').toLowerCase();
  const factor = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  return Math.round(Number(match[1]) * factor);
}

type YamlMap = YAMLMap<unknown, unknown>;

/** Typed access to the config document that throws ConfigErrors with positions. */
class Validator {
  constructor(readonly where: (node: Node | null | undefined, key: string) => string) {}

  glob(glob: string, node: Node | undefined, name: string): void {
    const problem = globProblem(glob);
    if (problem) throw new ConfigError(this.where(node, name), `"${glob}" is not a valid glob: ${problem}`);
  }

  keys(map: YamlMap, allowed: readonly string[], prefix: string): void {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!allowed.includes(key)) {
        throw new ConfigError(this.where(pair.key as Node, `${prefix}${shownKey(key)}`), `unknown key; expected one of ${allowed.join(', ')}`);
      }
    }
  }

  map(parent: YamlMap, key: string, name = key): YamlMap | undefined {
    const node = parent.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isMap(node)) throw new ConfigError(this.where(node, name), 'expected a mapping');
    return node;
  }

  seq(parent: YamlMap, key: string, name: string) {
    const node = parent.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isSeq(node)) throw new ConfigError(this.where(node, name), 'expected a list');
    return node;
  }

  item(parent: YamlMap, key: string, index: number): Node | undefined {
    const seq = parent.get(key, true);
    return isSeq(seq) ? (seq.items[index] as Node | undefined) : undefined;
  }

  strings(parent: YamlMap, key: string, name: string): string[] {
    const seq = this.seq(parent, key, name);
    if (!seq) return [];
    return seq.items.map((item, i) => {
      if (!isScalar(item) || typeof item.value !== 'string') {
        throw new ConfigError(this.where(item as Node, `${name}[${i}]`), 'expected a string');
      }
      return item.value;
    });
  }

  string(parent: YamlMap, key: string, name: string, required: boolean): string | undefined {
    const node = parent.get(key, true) as Node | undefined;
    if (node === undefined) {
      if (required) throw new ConfigError(this.where(parent, name), 'is required');
      return undefined;
    }
    if (!isScalar(node) || (typeof node.value !== 'string' && !(node.value instanceof Date))) {
      throw new ConfigError(this.where(node, name), 'expected a string');
    }
    return node.value instanceof Date ? node.value.toISOString().slice(0, 10) : node.value;
  }
}

/**
 * `customRules:`, rules in the format of `patterns/*.yaml`, validated the same way;
 * their regex and `allow` patterns run on the linear-time engine, so what it cannot
 * run is refused here, at the line of the pattern.
 */
function parseCustomRules(v: Validator, root: YamlMap, where: (node: Node | null | undefined, key: string) => string): RuleSpec[] {
  const seq = v.seq(root, 'customRules', 'customRules');
  if (!seq) return [];
  return seq.items.map((item, i) => {
    const at = where(item as Node, `customRules[${i}]`);
    if (isMap(item)) {
      const flagsNode = item.get('flags', true) as Node | undefined;
      const flags = isScalar(flagsNode) && typeof flagsNode.value === 'string' ? flagsNode.value : '';
      const regexNode = item.get('regex', true) as Node | undefined;
      if (isScalar(regexNode) && typeof regexNode.value === 'string') {
        const problem = linearProblem(regexNode.value, flags);
        if (problem) throw new ConfigError(where(regexNode, `customRules[${i}].regex`), `"${regexNode.value}" ${problem}`);
      }
      const allowNode = item.get('allow', true) as Node | undefined;
      if (isSeq(allowNode)) {
        allowNode.items.forEach((allow, j) => {
          if (!isScalar(allow) || typeof allow.value !== 'string') return;
          const problem = linearProblem(allow.value);
          if (problem) throw new ConfigError(where(allow as Node, `customRules[${i}].allow[${j}]`), `"${allow.value}" ${problem}`);
        });
      }
    }
    const data = (item as Node & { toJSON(): unknown }).toJSON();
    const rule = validateRule(data, at, i, 'linear');
    rule.paths?.forEach((glob, j) => {
      const problem = globProblem(glob);
      if (problem) throw new ConfigError(`${at}: rule ${rule.id}: field \`paths\``, `"${glob}" is not a valid glob: ${problem} (paths[${j}])`);
    });
    return rule;
  });
}
