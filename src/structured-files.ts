import { configValueVerdict } from './detectors/entropy.js';
import { bracketDepth } from './detectors/k8s/map-reach.js';
import { isPlaceholderValue } from './detectors/filters.js';
import { isSecretKey, valueKind } from './detectors/vocabulary.js';

/**
 * Files whose structure the Kubernetes detector reads (manifests, kubeconfigs,
 * Helm values, kustomizations): a diff alone loses the keys and `kind` a value
 * sits under, so sources that read diffs also load these files whole.
 */
export function wantsWholeFile(path: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(path) || /(?:^|\/)(?:kubeconfig|\.kube\/config)$/.test(path);
}

/**
 * Whether added lines of a manifest could hold anything the Kubernetes detector
 * reports: a secret-like key, a base64-looking value, or a line that policy
 * findings sit on (`kind: Secret`, `secretKeyRef:`, the `secrets` of a Role). A history of image
 * bumps and replica changes then costs no parsing at all.
 */
const STRUCTURE_HINT =
  /pass|pwd|secret|token|key|auth|cred|kind:\s*"?(?:Secret|Config|EncryptionConfiguration|Role|ClusterRole|Kustomization|List)\b|identity|literals|dockercfg|dockerconfigjson|valuefrom/i;
/** A `key: <base64>` line: a Secret's data under a name that says nothing. */
const ENCODED_VALUE_LINE = /:\s*"?[A-Za-z0-9+/]{12,}={0,2}"?,?[ \t]*$/m;

export function mayHoldStructuredSecret(addedText: string): boolean {
  return STRUCTURE_HINT.test(addedText) || ENCODED_VALUE_LINE.test(addedText);
}

/** Helm values files, which the Kubernetes detector reads without a `kind`. */
export function isHelmValuesFile(path: string): boolean {
  return /(?:^|\/)values[\w.-]*\.ya?ml$/.test(path);
}

/**
 * A manifest as a document of the file: `kind:` in the first column, or anywhere in a
 * file with a flow collection there (`{"kind": "Secret", …}`). The detector reads such a
 * document by its kind; a `kind:` deeper in a values tree (`replica.kind: StatefulSet`,
 * a manifest under `extraDeploy`) is a key like any other there.
 */
const ROOT_KIND = /^["']?kind["']?[ \t]*:/m;
const FLOW_AT_ROOT = /^[{[]/m;
const ANY_KIND = /["']?kind["']?[ \t]*:/;

/** A kubeconfig without `kind` (`users` and `clusters` at the root): the detector reads it as one. */
const ROOT_USERS = /^["']?users["']?[ \t]*:/m;
const ROOT_CLUSTERS = /^["']?clusters["']?[ \t]*:/m;

function holdsManifest(whole: string): boolean {
  return ROOT_KIND.test(whole) || (FLOW_AT_ROOT.test(whole) && ANY_KIND.test(whole)) || (ROOT_USERS.test(whole) && ROOT_CLUSTERS.test(whole));
}
/** A line that starts with an anchor or a tag, after any sequence dashes. */
const ANCHORED_NODE = /^[ \t]*(?:-[ \t]+)*[&!]/;
/** A line whose key is inside a sequence item (`- key: app.kubernetes.io/name`). */
const SEQUENCE_ITEM = /^[ \t]*-[ \t]/;
/** `key: value` on one line, after any sequence dashes; the key plain or quoted. */
const KEY_VALUE_LINE = /^[ \t]*(?:-[ \t]+)*(?:"([^"]*)"|'([^']*)'|([^\s#'"{[][^:#]*?))[ \t]*:(?:[ \t]+(.*))?$/;
/** A value that no verdict counts as a secret: empty, an empty collection, null. */
const EMPTY_NODE = /^(?:""|''|\[\s*\]|\{\s*\}|null|Null|NULL|~)?$/;

/**
 * Whether the added lines of a Helm values file (its whole text in `whole`) can
 * change what the Kubernetes detector reports, once `mayHoldStructuredSecret`
 * said they might. The detector reports a values file's scalars under secret
 * keys (`isSecretKey`) whose value is not empty, a boolean, a number or a
 * template, at the value's line; and a diff's findings sit on added lines only.
 * So an added line that cannot start such a value changes nothing:
 * - a comment (`## @param auth.existingSecret …`, the bulk of a chart's values);
 * - `key: value` whose key is not a secret key, or whose value is one of those kinds
 *   (a secret key alone counts: its value may start on the next line; so does an
 *   anchored or tagged value, which an alias elsewhere may read, and a flow
 *   collection is judged by the hint, since it holds keys of its own).
 * A secret key alone counts only when its value is a scalar on the lines after it
 * (given the added lines' numbers in the file; see `valueFollows`). Any other added
 * line (a scalar's continuation, a sequence item, a flow collection) counts as
 * before, by the hint. A values file whose document is a manifest (`holdsManifest`)
 * is read whole as any manifest is. A chart bump that adds `existingSecret: ""`,
 * an `auth:` section and comments then costs no parsing.
 */
export function valuesLinesMatter(addedLines: readonly string[], whole: string, lineNumbers?: readonly number[]): boolean {
  if (holdsManifest(whole)) return true;
  let wholeLines: string[] | undefined;
  // An alias (`<<: *creds`, `redis: *prod`) brings a sequence item's mapping into a mapping the visitor reads.
  let aliases: boolean | undefined;
  // Inside a flow collection over several lines, a line's value ends at `,` or `}` and may go on at any indentation.
  let multiLineFlow: boolean | undefined;
  return addedLines.some((added, i) => {
    const line = stripCr(added) ?? '';
    if (/^[ \t]*#/.test(line)) return false;
    // An anchored or tagged node (`- &prod {token: …}`): an alias elsewhere may read it.
    if (ANCHORED_NODE.test(line)) return true;
    const pair = KEY_VALUE_LINE.exec(line);
    if (!pair) return mayHoldStructuredSecret(line);
    const key = pair[1] ?? pair[2] ?? pair[3] ?? '';
    const value = withoutComment(pair[4] ?? '');
    // An anchor or a tag: the value may be reported where an alias under a secret key reads it.
    if (/^[&!]/.test(value)) return true;
    // The values visitor reads mappings, not sequences: nothing inside a sequence item is reported
    // there, unless an alias takes the item's mapping somewhere it does read.
    if (SEQUENCE_ITEM.test(line) && !(aliases ??= ALIAS.test(whole))) return false;
    // A flow collection holds keys of its own (`db: {password: …}`): judged by the hint, as before.
    if (/^[[{]/.test(value) && !EMPTY_NODE.test(value)) return mayHoldStructuredSecret(line);
    const name = key.trim();
    if (!isSecretKey(name)) return false;
    const number = lineNumbers?.[i];
    // A secret key alone: its value may start on a later line (`password:` then the value, indented).
    if (value === '') {
      if (number === undefined) return true;
      wholeLines ??= whole.split('\n');
      return valueFollows(wholeLines, number, line);
    }
    if (EMPTY_NODE.test(value)) return false;
    // A scalar that ends on this line: the detector's own verdict on it (`tlsSecret: app.local-tls`
    // names a Secret, `secretKey: "key.json"` a file), as the values visitor gives it.
    let text: string | undefined;
    if (number !== undefined) {
      wholeLines ??= whole.split('\n');
      // A line that leaves a flow collection open (brackets counted, quotes and comments not told apart).
      multiLineFlow ??= wholeLines.some((fileLine) => bracketDepth(fileLine) > 0);
      if (!multiLineFlow) text = scalarOnLine(value, wholeLines, number, line);
    }
    if (text !== undefined) return !isPlaceholderValue(text) && typeof configValueVerdict(name, text.trim()) !== 'string';
    const kind = valueKind(unquoted(value));
    return kind !== 'empty' && kind !== 'boolean' && kind !== 'number' && kind !== 'template';
  });
}

/** An alias node: `*name` after a key, a dash, a flow indicator or at a line's start. */
const ALIAS = /(?:^|[\s:,[{-])\*[^\s,[\]{}]/m;

/**
 * The value YAML reads from `value` (the text after `key:`, comment removed) when it
 * is certain from this line alone: a plain scalar that no more-indented line goes on
 * with, a single-quoted one without `''`, a double-quoted one without escapes.
 * Undefined otherwise (a block scalar, an alias, a multi-line scalar, a line that is
 * not the file's).
 */
function scalarOnLine(value: string, lines: readonly string[], number: number, line: string): string | undefined {
  if (stripCr(lines[number - 1]) !== stripCr(line)) return undefined;
  const quoted = /^"([^"\\]*)"$|^'([^']*)'$/.exec(value);
  if (quoted) return quoted[1] ?? quoted[2] ?? '';
  if (/^["'|>*%@`]/.test(value)) return undefined;
  // A plain scalar goes on over more-indented lines that follow it.
  const indent = leadingBlanks(line);
  for (let n = number; n < lines.length; n++) {
    const next = stripCr(lines[n]) ?? '';
    const content = next.trim();
    if (content === '') continue;
    return leadingBlanks(next) <= indent || content.startsWith('#') ? value : undefined;
  }
  return value;
}

/**
 * Whether a file whose added lines passed `mayHoldStructuredSecret` is worth
 * parsing whole: always, except a Helm values file whose added lines cannot
 * change the findings (`valuesLinesMatter`).
 */
export function structureMatters(path: string, addedLines: readonly string[], whole: string, lineNumbers?: readonly number[]): boolean {
  return !isHelmValuesFile(path) || valuesLinesMatter(addedLines, whole, lineNumbers);
}

/**
 * Whether a key alone on line `number` of the file (1-based; `line` as the diff gave
 * it) has a scalar for value, on the lines after it: the first one that is neither
 * blank nor a comment is deeper and is not a key, a sequence item or a flow
 * collection. A mapping or a sequence is judged by its own lines (the detector
 * reports scalars, at their lines); nothing deeper is a null. When the file's line
 * is not the diff's, the answer is yes.
 */
function valueFollows(lines: readonly string[], number: number, line: string): boolean {
  if (stripCr(lines[number - 1]) !== stripCr(line)) return true;
  const indent = leadingBlanks(line);
  for (let n = number; n < lines.length; n++) {
    const next = stripCr(lines[n]) ?? '';
    const content = next.trim();
    if (content === '' || content.startsWith('#')) continue;
    if (leadingBlanks(next) <= indent) return false;
    return !(KEY_VALUE_LINE.test(next) || /^-(?:[ \t]|$)/.test(content) || /^[[{]/.test(content));
  }
  return false;
}

const stripCr = (line: string | undefined): string | undefined => (line?.endsWith('\r') ? line.slice(0, -1) : line);
const leadingBlanks = (line: string): number => line.length - line.replace(/^[ \t]+/, '').length;

/** A plain value without its trailing ` # comment` (quoted values keep theirs). */
function withoutComment(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith("'")) return trimmed;
  const hash = trimmed.search(/\s#/);
  return hash < 0 ? trimmed : trimmed.slice(0, hash).trim();
}

function unquoted(value: string): string {
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(value);
  return quoted ? (quoted[1] ?? quoted[2] ?? '') : value;
}

/**
 * Binary files that hold private keys by their nature: PKCS#12 bundles and Java
 * key stores. Committing one is a leak even when its password is not.
 */
export function isKeyStore(path: string): boolean {
  return /\.(?:p12|pfx|pkcs12|jks|jceks|bks|keystore)$/i.test(path);
}
