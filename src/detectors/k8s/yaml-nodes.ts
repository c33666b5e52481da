/**
 * Reading parsed YAML (and JSON) manifests by position. Aliases (`*pw`) are
 * followed to their anchor (`&pw`), and merge keys (`<<: *base`) bring in the
 * anchored map's entries, so `data: {password: *pw}` is a Secret's value like
 * any other; the value is reported where the anchor defines it. Following is
 * bounded (`MAX_ALIAS_FOLLOWS` per file), so an alias bomb ("billion laughs")
 * costs a bounded amount of work.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Alias, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/** Aliases followed per parsed file, at most: each may lead into a large anchored subtree. */
export const MAX_ALIAS_FOLLOWS = 10_000;

/** Follows a parsed file has left, and the aliases it did not follow once they ran out. */
interface AliasBudget {
  left: number;
  denied: number;
}

/** Each alias's anchored node, and its file's budget (shared by the file's aliases). */
const anchored = new WeakMap<Alias, { readonly node: Node; readonly budget: AliasBudget }>();

/** The node `value` stands for: itself, or an alias's anchored node (undefined once the budget is spent). */
function deref(value: unknown): Node | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (!isAlias(value)) return value as Node;
  const target = anchored.get(value);
  if (!target) return undefined;
  if (target.budget.left <= 0) {
    target.budget.denied++;
    return undefined;
  }
  target.budget.left--;
  return target.node;
}

export type YamlMap = YAMLMap<unknown, unknown>;
export type YamlSeq = YAMLSeq<unknown>;

export interface ParsedDocuments {
  readonly roots: readonly Node[];
  /** Aliases not followed so far: naming no anchor, or met once the file's budget was spent. */
  unfollowed(): number;
}

/**
 * Every document's root node, or undefined when the text is not valid YAML (or,
 * for a `.json` file, not valid JSON: the native parser says so much faster).
 */
export function parseManifests(text: string, json = false): ParsedDocuments | undefined {
  if (json) {
    try {
      JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  let docs;
  // A broken file yields an error object per problem, hundreds for a mangled
  // one; their stack traces were most of the parsing time, and nobody reads them.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (!Array.isArray(docs)) return { roots: [], unfollowed: () => 0 };
  if (docs.some((doc) => doc.errors.length > 0)) return undefined;
  let unknown = 0;
  const budget: AliasBudget = { left: MAX_ALIAS_FOLLOWS, denied: 0 };
  const roots: Node[] = [];
  for (const doc of docs) {
    if (doc.contents === null) continue;
    roots.push(doc.contents as Node);
    // Anchors in order: an alias names the closest anchor before it of that name.
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node(_key, node) {
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) anchored.set(node, { node: target, budget });
          else unknown++;
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
  }
  return { roots, unfollowed: () => unknown + budget.denied };
}

export function asMap(node: unknown): YamlMap | undefined {
  const target = deref(node);
  return isMap(target) ? target : undefined;
}

export function asSeq(node: unknown): YamlSeq | undefined {
  const target = deref(node);
  return isSeq(target) ? target : undefined;
}

/** The value node under `key` (through an alias, and merge keys), or undefined. */
export function field(map: YamlMap | undefined, key: string): Node | undefined {
  return entries(map).find((entry) => entry.key === key)?.value;
}

export interface Entry {
  readonly key: string;
  readonly keyNode: Scalar;
  readonly value: Node | undefined;
}

/**
 * The entries of a map whose keys are scalars, with their key nodes. A merge key
 * (`<<: *base` or `<<: [*a, *b]`) contributes the entries of the maps it names
 * that the map does not set itself (YAML 1.1 merge, as Kubernetes reads it); a
 * merged entry's key node is the one in the anchored map.
 */
export function entries(map: YamlMap | undefined, depth = 0): Entry[] {
  if (!map) return [];
  const own: Entry[] = [];
  const merged: Entry[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    if (isMergeKey(pair.key) && depth < MAX_MERGE_DEPTH) {
      const value = deref(pair.value);
      const sources = isSeq(value) ? value.items.map(deref) : [value];
      for (const source of sources) if (isMap(source)) merged.push(...entries(source, depth + 1));
      continue;
    }
    own.push({ key: String(pair.key.value), keyNode: pair.key, value: deref(pair.value) });
  }
  if (merged.length === 0) return own;
  const keys = new Set(own.map((entry) => entry.key));
  const out = [...own];
  for (const entry of merged) {
    if (keys.has(entry.key)) continue;
    keys.add(entry.key);
    out.push(entry);
  }
  return out;
}

/** Merge keys nested in merged maps, followed at most this deep. */
const MAX_MERGE_DEPTH = 8;

function isMergeKey(key: Scalar): boolean {
  return key.value === '<<' || (typeof key.value === 'symbol' && key.source === '<<');
}

/** A scalar's value as a string (numbers and booleans as written in the source). */
export function scalarText(node: Node | undefined, source: string): string | undefined {
  if (!node || !isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null) return '';
  if (node.range && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    return source.slice(node.range[0], node.range[1]).trim();
  }
  return undefined;
}

export function stringAt(map: YamlMap | undefined, key: string, source: string): string | undefined {
  return scalarText(field(map, key), source);
}

export function items(node: unknown): Node[] {
  return asSeq(deref(node))?.items.map(deref).filter((item): item is Node => item !== undefined) ?? [];
}

export function range(node: Node | undefined): [number, number] | undefined {
  return node?.range ? [node.range[0], node.range[1]] : undefined;
}
