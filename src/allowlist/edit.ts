/**
 * Edits to `.leakgate.yaml` (pure: text in, text out). An edit inserts text at
 * computed offsets and changes no other byte: line endings, a byte-order mark,
 * indentation, flow lists (`[dummy,  example]`), blank lines and comments stay the
 * file's own. The result is validated again before anyone writes it.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, stringify, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { ConfigError } from '../errors.js';
import { parseConfig, type IgnoreEntry } from './config.js';

export { escapeGlob, suggestGlob } from './globs.js';

/** One decision, as it is recorded in the config. */
export type ConfigEdit =
  /** An `ignore:` entry: this one secret, by fingerprint. */
  | { readonly kind: 'ignore'; readonly entry: IgnoreEntry }
  /** `allow.paths`: files never scanned. */
  | { readonly kind: 'allow-path'; readonly glob: string }
  /** `rules.<rule-id>.allow.paths`: the rule is off for these files. */
  | { readonly kind: 'rule-allow-path'; readonly ruleId: string; readonly glob: string };

const HEADER = '# leakgate configuration: what may be committed although it looks like a secret.\n';

export function editConfig(text: string, edits: readonly ConfigEdit[], file: string): string {
  let edited = text === '' ? HEADER : text;
  for (const edit of edits) edited = applyEdit(edited, edit, file);
  // Never write what the next scan would refuse to load.
  parseConfig(edited, file);
  return edited;
}

type Item = string | Readonly<Record<string, string>>;

function applyEdit(text: string, edit: ConfigEdit, file: string): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigError(file, `not valid YAML, not edited: ${doc.errors[0]!.message.split('\n')[0]}`);
  const path = edit.kind === 'ignore' ? ['ignore'] : edit.kind === 'allow-path' ? ['allow', 'paths'] : ['rules', edit.ruleId, 'allow', 'paths'];
  const item: Item = edit.kind === 'ignore' ? compact(edit.entry) : edit.glob;
  const out = new Editor(text);
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) {
    return out.appendTopLevel(path, item);
  }
  if (!isMap(root)) throw new ConfigError(file, 'expected a mapping at the top level, not edited');
  let map = root as YAMLMap;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    const node = pair?.value as Node | null | undefined;
    const where = path.slice(0, i + 1).join('.');
    if (isAlias(node)) throw new ConfigError(where, 'is an alias of another part of the config; add the entry where the anchor is, not edited');
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) {
      if (pair && isScalar(pair.key)) return out.fillNull(pair.key as Node, node ?? undefined, path.slice(i + 1), item, map.flow ?? false);
      return out.addToMap(map, path.slice(i), item);
    }
    if (last) {
      if (!isSeq(node)) throw new ConfigError(where, 'expected a list, not edited');
      if (contains(node, item)) return text;
      return out.addToSeq(node, item, pair!.key as Node);
    }
    if (!isMap(node)) throw new ConfigError(where, 'expected a mapping, not edited');
    map = node;
  }
  throw new Error('unreachable: empty path');
}

function contains(seq: YAMLSeq, item: Item): boolean {
  if (typeof item === 'string') return seq.items.some((node) => isScalar(node) && node.value === item);
  return seq.items.some((node) => isMap(node) && node.get('fingerprint') === item.fingerprint);
}

/** Text insertions into the config as it is written. */
class Editor {
  private readonly eol: string;
  /** The file's indentation step, from its first indented line (2 when it has none). */
  private readonly unit: number;

  constructor(private readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const indented = /\n( +)[^\s#-]/.exec(text);
    this.unit = indented ? indented[1]!.length : 2;
  }

  /** `item` appended to a list that exists. */
  addToSeq(seq: YAMLSeq, item: Item, key: Node): string {
    const [start, end] = seq.range!;
    if (seq.flow) {
      const lastItem = seq.items[seq.items.length - 1] as Node | undefined;
      if (lastItem) return this.insert(lastItem.range![1], `, ${flowItem(item)}`);
      // An empty `[]` becomes a block list under its key: one entry per line.
      const from = this.lineStartBefore(start);
      return this.splice(from, end, '', this.lineEnd(end), this.blockItem(item, this.column(key.range![0]) + this.unit));
    }
    const first = seq.items[0] as Node;
    const dash = this.column(this.text.lastIndexOf('-', first.range![0] - 1));
    const content = this.column(first.range![0]);
    return this.insert(this.afterLine(end), this.blockItem(item, dash, Math.max(1, content - dash - 1)));
  }

  /** A key whose value is empty (`ignore:`, `ignore: ~`): the rest of `path` and the item under it. */
  fillNull(key: Node, value: Node | undefined, path: readonly string[], item: Item, flow: boolean): string {
    const indent = this.column(key.range![0]) + this.unit;
    if (flow) {
      const at = value?.range?.[0] ?? key.range![1];
      const chain = flowChain(path, item);
      return this.splice(at, value?.range?.[1] ?? at, path.length === 0 ? ` ${chain}` : ` { ${chain} }`, at, '');
    }
    const valueRange = value?.range;
    const from = valueRange && valueRange[1] > valueRange[0] ? this.lineStartBefore(valueRange[0]) : key.range![1];
    const to = valueRange && valueRange[1] > valueRange[0] ? valueRange[1] : key.range![1];
    return this.splice(from, to, '', this.lineEnd(to), this.blockChain(path, item, indent));
  }

  /** Keys `path` (with the item under the last) added at the end of `map`. */
  addToMap(map: YAMLMap, path: readonly string[], item: Item): string {
    const [start, end] = map.range!;
    if (map.flow) {
      const close = this.text.lastIndexOf('}', end - 1);
      const before = this.text.slice(start + 1, close).trim() === '' ? '' : ', ';
      return this.insert(close, `${before}${flowChain(path, item)}`);
    }
    const firstKey = map.items[0]?.key as Node | undefined;
    const indent = firstKey?.range ? this.column(firstKey.range[0]) : 0;
    return this.insert(this.afterLine(end), this.blockChain(path, item, indent));
  }

  /** The whole path at the end of a document with no mapping yet (empty, or comments only). */
  appendTopLevel(path: readonly string[], item: Item): string {
    return this.insert(this.afterLine(this.text.length), this.blockChain(path, item, 0));
  }

  private blockChain(path: readonly string[], item: Item, indent: number): string {
    let out = '';
    path.forEach((key, i) => {
      out += `${' '.repeat(indent + i * this.unit)}${scalar(key)}:${this.eol}`;
    });
    return out + this.blockItem(item, indent + path.length * this.unit);
  }

  /** One list entry in block style: `- value`, or a mapping with one key per line. */
  private blockItem(item: Item, dash: number, gap = 1): string {
    const lead = `${' '.repeat(dash)}-${' '.repeat(gap)}`;
    if (typeof item === 'string') return `${lead}${scalar(item)}${this.eol}`;
    return Object.entries(item)
      .map(([key, value], i) => `${i === 0 ? lead : ' '.repeat(dash + 1 + gap)}${key}: ${scalar(value)}${this.eol}`)
      .join('');
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Where the spaces before `offset` on its line begin (so `key: []` loses ` []`, not the key). */
  private lineStartBefore(offset: number): number {
    let at = offset;
    while (at > 0 && (this.text[at - 1] === ' ' || this.text[at - 1] === '\t')) at--;
    return at;
  }

  /** The end of the line holding `offset`, before its line ending. */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    if (newline < 0) return this.text.length;
    return this.text[newline - 1] === '\r' ? newline - 1 : newline;
  }

  /** The start of the line after the one holding `offset - 1`; a missing final line ending is added. */
  private afterLine(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const newline = this.text.indexOf('\n', offset);
    return newline < 0 ? -1 : newline + 1;
  }

  private insert(at: number, text: string): string {
    if (at < 0) return `${this.text}${this.text === '' ? '' : this.eol}${text}`;
    return this.text.slice(0, at) + text + this.text.slice(at);
  }

  /** Removes `from..to`, puts `replacement` there, and inserts `lines` on a new line after `lineEnd`. */
  private splice(from: number, to: number, replacement: string, lineEnd: number, lines: string): string {
    const edited = this.text.slice(0, from) + replacement + this.text.slice(to);
    if (lines === '') return edited;
    const end = lineEnd - (to - from) + replacement.length;
    const ending = edited.startsWith('\r\n', end) ? 2 : edited.startsWith('\n', end) ? 1 : 0;
    if (ending === 0) return `${edited.slice(0, end)}${this.eol}${lines}${edited.slice(end)}`;
    return edited.slice(0, end + ending) + lines + edited.slice(end + ending);
  }
}

/** `a: { b: [item] }` for the path `a.b`; `[item]` for no path. */
function flowChain(path: readonly string[], item: Item): string {
  let inner = `[${flowItem(item)}]`;
  for (let i = path.length - 1; i >= 0; i--) inner = `${scalar(path[i]!)}: ${i === path.length - 1 ? inner : `{ ${inner} }`}`;
  return inner;
}

function flowItem(item: Item): string {
  if (typeof item === 'string') return scalar(item, true);
  return `{ ${Object.entries(item).map(([key, value]) => `${key}: ${scalar(value, true)}`).join(', ')} }`;
}

/** `value` as a YAML scalar on one line: plain where that reads back the same, else double-quoted. */
function scalar(value: string, flow = false): string {
  const plain = stringify(value).replace(/\n$/, '');
  if (plain.includes('\n') || (flow && /[,[\]{}]/.test(plain) && !plain.startsWith('"'))) return JSON.stringify(value);
  return plain;
}

function compact(entry: IgnoreEntry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry)) if (typeof value === 'string' && value !== '') out[key] = value;
  return out;
}
