/**
 * Reading parsed YAML (and JSON) manifests by position. Aliases are never
 * expanded: a value reached through an alias is reported where it is defined,
 * and an alias bomb costs nothing.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type YamlMap = YAMLMap<unknown, unknown>;
export type YamlSeq = YAMLSeq<unknown>;

export interface ParsedDocuments {
  readonly roots: readonly Node[];
  /** Aliases seen (not expanded). */
  readonly aliases: number;
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
  if (!Array.isArray(docs)) return { roots: [], aliases: 0 };
  if (docs.some((doc) => doc.errors.length > 0)) return undefined;
  const aliases = (text.match(/(?:^|[\s[{,:-])\*[^\s,\]}]+/g) ?? []).length;
  const roots: Node[] = [];
  for (const doc of docs) if (doc.contents !== null) roots.push(doc.contents as Node);
  return { roots, aliases };
}

export function asMap(node: unknown): YamlMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YamlSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** The value node under `key`, or undefined (aliases are not followed). */
export function field(map: YamlMap | undefined, key: string): Node | undefined {
  if (!map) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) {
      const value = pair.value as Node | null;
      return value === null || isAlias(value) ? undefined : value;
    }
  }
  return undefined;
}

/** The entries of a map whose keys are scalars, with their key nodes. */
export function entries(map: YamlMap | undefined): { key: string; keyNode: Scalar; value: Node | undefined }[] {
  if (!map) return [];
  const out: { key: string; keyNode: Scalar; value: Node | undefined }[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const value = pair.value as Node | null;
    out.push({ key: String(pair.key.value), keyNode: pair.key, value: value === null || isAlias(value) ? undefined : value });
  }
  return out;
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
  return asSeq(node)?.items.filter((item): item is Node => item !== null && !isAlias(item) && typeof item === 'object') ?? [];
}

export function range(node: Node | undefined): [number, number] | undefined {
  return node?.range ? [node.range[0], node.range[1]] : undefined;
}
