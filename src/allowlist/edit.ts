/**
 * Edits to `.leakgate.yaml` (pure: text in, text out). Done on `yaml`'s Document,
 * so the maintainers' comments, key order and formatting survive; the result is
 * validated again before anyone writes it.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
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
  const doc = parseDocument(text.trim() === '' ? HEADER : text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigError(file, `not valid YAML, not edited: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    const comment = doc.contents?.commentBefore ?? doc.commentBefore;
    doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
    doc.commentBefore = comment ?? null;
  }
  if (!isMap(doc.contents)) throw new ConfigError(file, 'expected a mapping at the top level, not edited');
  for (const edit of edits) {
    if (edit.kind === 'ignore') {
      const seq = listAt(doc, ['ignore']);
      if (seq.items.some((item) => isMap(item) && item.get('fingerprint') === edit.entry.fingerprint)) continue;
      // Entries are mappings: a flow list of them would be one unreadable line.
      seq.flow = false;
      seq.add(doc.createNode(compact(edit.entry)));
    } else {
      const path = edit.kind === 'allow-path' ? ['allow', 'paths'] : ['rules', edit.ruleId, 'allow', 'paths'];
      const seq = listAt(doc, path);
      if (seq.items.some((item) => isScalar(item) && item.value === edit.glob)) continue;
      if (seq.items.length === 0) seq.flow = false;
      seq.add(doc.createNode(edit.glob));
    }
  }
  const edited = doc.toString();
  // Never write what the next scan would refuse to load.
  parseConfig(edited, file);
  return edited;
}

/** The list at `path`, made (with the mappings above it) when missing or empty. */
function listAt(doc: Document, path: readonly string[]): YAMLSeq {
  let map = doc.contents as YAMLMap;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) {
      const created = doc.createNode(last ? [] : {}) as YAMLMap | YAMLSeq;
      created.flow = false;
      if (node && isScalar(node) && node.comment) created.comment = node.comment;
      map.set(doc.createNode(key), created);
      if (last) return created as YAMLSeq;
      map = created as YAMLMap;
      continue;
    }
    if (last) {
      if (!isSeq(node)) throw new ConfigError(path.join('.'), 'expected a list, not edited');
      return node;
    }
    if (!isMap(node)) throw new ConfigError(path.slice(0, i + 1).join('.'), 'expected a mapping, not edited');
    map = node;
  }
  throw new Error('unreachable: empty path');
}

function compact(entry: IgnoreEntry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry)) if (typeof value === 'string' && value !== '') out[key] = value;
  return out;
}
