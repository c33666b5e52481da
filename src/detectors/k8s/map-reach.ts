/**
 * A look at a YAML file's lines, before parsing it, that tells whether a word can
 * sit in a document's map-only reach: on a line whose every ancestor (found by
 * indentation) is a mapping key, never a sequence item.
 *
 * The Kubernetes detector reads a document's root `kind`, its root keys (`sops`,
 * `users`) and, for any other kind, the containers it finds through nested maps
 * (never through a sequence). A chart's CustomResourceDefinition mentions
 * `Secret` and `containers` on hundreds of lines, all of them inside
 * `spec.versions[]`: out of that reach, so the detector reports nothing there
 * and parsing the file (its most expensive step, at every commit that changes
 * it) can be skipped.
 *
 * The look is conservative: whatever YAML form could make the indentation lie
 * (tabs, anchors, aliases and tags, escapes that spell letters, explicit keys, quoted
 * scalars or flow collections that span lines) answers "in reach".
 */

/** Escapes that can spell a letter in a double-quoted scalar. */
const LETTER_ESCAPE = /\\[xuU]/;
/**
 * An anchor (`&a`), alias (`*a`) or tag (`!t`, which may stand before a nested
 * map on the next lines) at a node's start.
 */
const NODE_PROPERTY = /^(?:[&*][^\s,[\]{}]|!)/;
/** The same anywhere in a flow collection (`[*a, b]`, `{k: !t v}`). */
const FLOW_NODE_PROPERTY = /(?:^|[\s,[{:])(?:[&*][^\s,[\]{}]|!)/;
const SEQUENCE_ITEM = /^-(?:\s|$)/;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=\s|$)/;
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\.)*"/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'/;
/**
 * A Go template action with a left trim marker (`{{- if .Values.x }}`, `{{- include … | nindent 4 }}`)
 * where a node starts: `{` opens a flow mapping, and `- ` cannot start anything
 * inside one, so no YAML parser reads such a file. Helm templates are written this
 * way; as written they are templates, not manifests (the line-based detectors
 * still read every line of them). Scalar text (a block scalar's lines, a plain
 * scalar's continuation) and comments are skipped before this test.
 */
const TEMPLATE_ACTION = /^\{\{-(?:\s|$)/;
/** A block scalar's header without an explicit indentation (`|`, `>-`, `|+ # note`). */
const BLOCK_SCALAR = /^[|>][-+]?(?:\s+#.*)?$/;

/** What one line is, for the look: not followable, a node, or a node whose scalar value may continue on deeper lines. */
type Line = { readonly followable: false } | { readonly followable: true; readonly scalarOwner?: number; readonly openDoubleQuote?: true };
const UNFOLLOWABLE: Line = { followable: false };
const NODE: Line = { followable: true };

/**
 * Whether `word` matches a line in map-only reach, or the text has a form this
 * look cannot follow. False only when every match sits under a sequence item, or
 * when a line where a node starts is a template action no parser reads (`TEMPLATE_ACTION`).
 *
 * After a key whose value is a scalar (`key: text`, `key: |`) or a sequence
 * item that is one (`- text`), deeper lines are that scalar's text or not valid
 * YAML (the parser then reads nothing): they are not structure, and only the
 * word is looked for in them (a `kind` written as a block scalar).
 */
export function inMapReach(source: string, word: RegExp): boolean {
  /** Indentations of the open ancestors, and whether each is a sequence item. */
  const indents: number[] = [];
  const items: boolean[] = [];
  let openItems = 0;
  /** The column of the node whose scalar text the deeper lines are, and whether that node is in reach. */
  let scalarOwner = -1;
  let scalarInReach = false;
  /** A match in reach was seen: the answer, unless a later line shows the file is no YAML at all. */
  let found = false;
  /** Without a trim marker anywhere, the first match is the answer. */
  const templated = source.includes('{{-');
  /** The indentation of the outermost open sequence item, while one is open. */
  let itemIndent = -1;
  let start = 0;
  while (start <= source.length) {
    const newline = source.indexOf('\n', start);
    const end = newline < 0 ? source.length : newline;
    const lineEnd = source.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const lineStart = start;
    start = end + 1;
    let at = lineStart;
    while (at < lineEnd && source.charCodeAt(at) === 32) at++;
    if (at === lineEnd) continue;
    const indent = at - lineStart;
    // Inside a sequence item nothing is in reach, and nothing there can bring a
    // later line into reach: a quoted scalar or flow collection that starts
    // there and goes on over lines no deeper than the item's dash is invalid
    // YAML (the parser reads nothing then), so such lines are passed over
    // without a look, except for a tab. A chart's CustomResourceDefinitions are
    // almost all such lines.
    if (itemIndent >= 0 && indent > itemIndent) {
      if (source.charCodeAt(at) === 9 && !(scalarOwner >= 0 && indent > scalarOwner)) return true;
      continue;
    }
    const line = source.slice(lineStart, lineEnd);
    const content = line.slice(indent);
    if (scalarOwner >= 0 && indent > scalarOwner) {
      if (scalarInReach && !found && word.test(content)) {
        if (!templated) return true;
        found = true;
      }
      continue;
    }
    scalarOwner = -1;
    if (line.charCodeAt(indent) === 9) return true;
    if (content.startsWith('#')) continue;
    // Not YAML: the parser reads nothing in the file, so nothing is in reach.
    if (TEMPLATE_ACTION.test(content)) return false;
    if (indent === 0 && (DOCUMENT_MARKER.test(content) || content.startsWith('%'))) {
      // Content after `---` on its line (a root node there) is not followed.
      if (!/^(?:---|\.\.\.)\s*(?:#.*)?$/.test(content) && !content.startsWith('%')) return true;
      indents.length = 0;
      items.length = 0;
      openItems = 0;
      continue;
    }
    const read = readLine(content);
    if (!read.followable) return true;
    while (indents.length > 0 && indents[indents.length - 1]! >= indent) {
      indents.pop();
      if (items.pop()) openItems--;
    }
    if (openItems === 0) itemIndent = -1;
    const item = SEQUENCE_ITEM.test(content);
    const inReach = openItems === 0 && !item;
    if (inReach && read.openDoubleQuote === true) return true;
    if (inReach && !found && word.test(content)) {
      if (!templated) return true;
      found = true;
    }
    indents.push(indent);
    items.push(item);
    if (item && openItems++ === 0) itemIndent = indent;
    if (read.scalarOwner !== undefined) {
      scalarOwner = indent + read.scalarOwner;
      scalarInReach = inReach;
    }
  }
  return found;
}

/** Whether a line's structure is what its indentation says (see the module's note), and where a scalar value's owner starts. */
function readLine(content: string): Line {
  if (content.startsWith('?')) return UNFOLLOWABLE;
  let rest = content;
  let column = 0;
  for (;;) {
    if (NODE_PROPERTY.test(rest)) return UNFOLLOWABLE;
    if (!SEQUENCE_ITEM.test(rest)) break;
    const after = rest.slice(1).trimStart();
    if (after !== '' && !/^[-[{"']/.test(after) && !/:(?:\s|$)/.test(after)) {
      // A scalar item: its text goes on over the lines deeper than its dash.
      if (NODE_PROPERTY.test(after) || ((after.startsWith('|') || after.startsWith('>')) && !BLOCK_SCALAR.test(after))) return UNFOLLOWABLE;
      return { followable: true, scalarOwner: column };
    }
    column += rest.length - after.length;
    rest = after;
  }
  if (rest === '') return NODE;
  // A quoted key, or a quoted scalar as the whole node.
  const quoted = closedQuote(rest);
  if (quoted === undefined) return UNFOLLOWABLE;
  if (quoted > 0) {
    const after = rest.slice(quoted).trimStart();
    if (!after.startsWith(':')) return after === '' || after.startsWith('#') ? NODE : UNFOLLOWABLE;
    return readValue(after.slice(1), column);
  }
  if (rest.startsWith('[') || rest.startsWith('{')) return flowCollection(rest);
  const colon = rest.search(/:(?:\s|$)/);
  if (colon < 0) return { followable: true, scalarOwner: column };
  return readValue(rest.slice(colon + 1), column);
}

/** A mapping value on its key's line; `keyColumn` is where the key starts in the line's content. */
function readValue(text: string, keyColumn: number): Line {
  const value = text.trimStart();
  if (value === '' || value.startsWith('#')) return NODE;
  if (NODE_PROPERTY.test(value)) return UNFOLLOWABLE;
  const quoted = closedQuote(value);
  // A quoted scalar that goes on over deeper lines; a double-quoted one in reach could spell a word across them.
  if (quoted === undefined) return { followable: true, scalarOwner: keyColumn, ...(value.startsWith('"') ? { openDoubleQuote: true } : {}) };
  if (quoted === 0 && (value.startsWith('[') || value.startsWith('{'))) return flowCollection(value);
  if (quoted === 0 && (value.startsWith('|') || value.startsWith('>')) && !BLOCK_SCALAR.test(value)) return UNFOLLOWABLE;
  return { followable: true, scalarOwner: keyColumn };
}

/**
 * The length of the quoted scalar `text` starts with, 0 when it starts with none,
 * undefined when it does not close on this line. A double-quoted one with an
 * escape that can spell a letter counts as not closing (not followed).
 */
function closedQuote(text: string): number | undefined {
  const first = text.charCodeAt(0);
  if (first !== 34 && first !== 39) return 0;
  const quoted = (first === 34 ? DOUBLE_QUOTED : SINGLE_QUOTED).exec(text)?.[0];
  if (quoted === undefined || (first === 34 && LETTER_ESCAPE.test(quoted))) return undefined;
  return quoted.length;
}

/** A flow collection followed only when it closes on its line and holds no anchor, alias, tag or letter escape. */
function flowCollection(text: string): Line {
  return balanced(text) && !FLOW_NODE_PROPERTY.test(text) && !LETTER_ESCAPE.test(text) ? NODE : UNFOLLOWABLE;
}

/** A flow collection that closes on its line (counting brackets: quoted ones only make this answer false). */
function balanced(text: string): boolean {
  return bracketDepth(text) === 0;
}

/** `[` and `{` less `]` and `}` on a line, quotes and comments not told apart. */
export function bracketDepth(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
  }
  return depth;
}
