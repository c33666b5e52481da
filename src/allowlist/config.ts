/**
 * `.leakgate.yaml`: parsing and validation (pure: text in, config out). Every
 * error names the file, the line and the key; nothing unknown is ignored silently.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { Minimatch } from 'minimatch';
import { ConfigError } from '../errors.js';

export type RegexTarget = 'secret' | 'line';

export interface AllowRegex {
  readonly pattern: RegExp;
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

export interface Config {
  /** Where the config came from, for messages; undefined when no file was found. */
  readonly file?: string;
  readonly allowPaths: readonly string[];
  readonly allowRegexes: readonly AllowRegex[];
  readonly stopwords: readonly string[];
  readonly disabledRules: ReadonlySet<string>;
  readonly ignore: readonly IgnoreEntry[];
  readonly maxFileBytes?: number;
}

export const EMPTY_CONFIG: Config = {
  allowPaths: [],
  allowRegexes: [],
  stopwords: [],
  disabledRules: new Set(),
  ignore: [],
};

const TOP_KEYS = ['allow', 'rules', 'ignore', 'maxFileSize'];
const ALLOW_KEYS = ['paths', 'regexes', 'stopwords'];
const RULES_KEYS = ['disable'];
const IGNORE_KEYS = ['fingerprint', 'rule', 'path', 'reason', 'author', 'date', 'expires'];

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
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { ...EMPTY_CONFIG, file };
  if (!isMap(root)) throw new ConfigError(where(root, '(top level)'), 'expected a mapping');

  const v = new Validator(where);
  v.keys(root, TOP_KEYS, '');
  const allow = v.map(root, 'allow');
  if (allow) v.keys(allow, ALLOW_KEYS, 'allow.');
  const rules = v.map(root, 'rules');
  if (rules) v.keys(rules, RULES_KEYS, 'rules.');

  const allowPaths = allow ? v.strings(allow, 'paths', 'allow.paths') : [];
  for (const [i, glob] of allowPaths.entries()) {
    const node = v.item(allow!, 'paths', i);
    const problem = globProblem(glob);
    if (problem) throw new ConfigError(where(node, `allow.paths[${i}]`), `"${glob}" is not a valid glob: ${problem}`);
  }
  const allowRegexes: AllowRegex[] = [];
  const regexSeq = allow ? v.seq(allow, 'regexes', 'allow.regexes') : undefined;
  regexSeq?.items.forEach((item, i) => {
    const key = `allow.regexes[${i}]`;
    if (!isMap(item)) throw new ConfigError(where(item as Node, key), 'expected a mapping with `pattern` and `target` (secret or line)');
    v.keys(item, ['pattern', 'target'], `${key}.`);
    const pattern = v.string(item, 'pattern', `${key}.pattern`, true)!;
    const target = v.string(item, 'target', `${key}.target`, true)!;
    if (target !== 'secret' && target !== 'line') {
      throw new ConfigError(where(item.get('target', true) as Node, `${key}.target`), 'must be `secret` or `line`');
    }
    try {
      allowRegexes.push({ pattern: new RegExp(pattern), target });
    } catch (error) {
      throw new ConfigError(where(item.get('pattern', true) as Node, `${key}.pattern`), `does not compile: ${(error as Error).message}`);
    }
  });
  const stopwords = allow ? v.strings(allow, 'stopwords', 'allow.stopwords').map((word) => word.toLowerCase()) : [];
  const disabledRules = new Set(rules ? v.strings(rules, 'disable', 'rules.disable') : []);

  const ignore: IgnoreEntry[] = [];
  v.seq(root, 'ignore', 'ignore')?.items.forEach((item, i) => {
    const key = `ignore[${i}]`;
    if (!isMap(item)) throw new ConfigError(where(item as Node, key), 'expected a mapping with at least `fingerprint`');
    v.keys(item, IGNORE_KEYS, `${key}.`);
    const entry: Record<string, string> = {};
    for (const field of IGNORE_KEYS) {
      const value = v.string(item, field, `${key}.${field}`, field === 'fingerprint');
      if (value !== undefined) entry[field] = value;
    }
    if (!/^lg1:[0-9a-f]{32}$/.test(entry.fingerprint!)) {
      throw new ConfigError(where(item.get('fingerprint', true) as Node, `${key}.fingerprint`), 'expected lg1: followed by 32 hex digits');
    }
    if (entry.expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(entry.expires)) {
      throw new ConfigError(where(item.get('expires', true) as Node, `${key}.expires`), 'expected a date, YYYY-MM-DD');
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

  return { file, allowPaths, allowRegexes, stopwords, disabledRules, ignore, ...(maxFileBytes ? { maxFileBytes } : {}) };
}

/**
 * minimatch accepts almost any string, treating what it cannot parse as literal
 * text; a glob that can never match a repository path is a mistake worth naming.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'it is empty';
  if (glob.startsWith('/')) return 'paths are relative to the repository root; remove the leading /';
  if (glob.includes('\\')) return 'use / as the separator';
  if (glob.split('/').includes('..')) return 'it points outside the repository';
  const unbalanced = (open: string, close: string): boolean => glob.split(open).length !== glob.split(close).length;
  if (unbalanced('[', ']')) return 'a [ has no matching ]';
  if (unbalanced('{', '}')) return 'a { has no matching }';
  if (new Minimatch(glob, { dot: true }).makeRe() === false) return 'minimatch cannot compile it';
  return undefined;
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
  constructor(private readonly where: (node: Node | null | undefined, key: string) => string) {}

  keys(map: YamlMap, allowed: readonly string[], prefix: string): void {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!allowed.includes(key)) {
        throw new ConfigError(this.where(pair.key as Node, `${prefix}${key}`), `unknown key; expected one of ${allowed.join(', ')}`);
      }
    }
  }

  map(parent: YamlMap, key: string): YamlMap | undefined {
    const node = parent.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isMap(node)) throw new ConfigError(this.where(node, key), 'expected a mapping');
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
