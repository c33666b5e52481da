/**
 * Entropy detection: a value assigned to a secret-like name (`password`, `token`,
 * `api_key`, ...) that is random enough to be a credential, after filters for the
 * things that look random but are not secrets.
 */
import type { Confidence, RawFinding } from '../types.js';
import type { Detector } from './detector.js';
import { shannonEntropy } from './entropy-math.js';
import { isPublicDer } from './der.js';
import { asText, base64Text, decodeBase64Strict } from './encoding.js';
import { isProse, isWordIdentifier, nonSecretValue } from './filters.js';
import { credentialCalls, scanOtherForms, type Consider, type Where } from './secret-forms.js';
import type { Candidate, NotReported, Reported } from './verdict.js';
import { classifyName, fileKindOf, isFirebaseWebKey, isPasswordName, isStrongSecretName, SECRET_NAME_HINT, valueKind, type FileKind, type NameClass } from './vocabulary.js';

/**
 * `name = value`, `name: value`, `"name": "value"`, `name := value`, `name => value`,
 * `NAME=value`, and `name = \"value\"` inside a JSON string (a notebook cell). A name
 * may hold `/` (`checksum/secret`, an annotation's key), so it is judged whole.
 * Group 1 is the name, 3 the quoted value, 5 the value between escaped quotes,
 * 6 the unquoted value.
 */
const ASSIGNMENT =
  /["']?([A-Za-z_$@][\w$.@/-]{0,100})["']?\s*(?::=|=>|==|!=|[:=])\s*(?:(["'`])((?:(?!\2)[^\\\n]|\\.){1,500})\2|\\(["'])((?:(?!\\\4)[^\n]){1,500})\\\4|([^\s"'`,;(){}[\]<>]{1,500}))/g;

/** A quoted value that is one shell expansion with a default (`${NAME:-value}`, `${NAME:=value}`): group 1 the name, 2 the default. */
const SHELL_DEFAULT = /^\$\{([A-Za-z_]\w{0,100}):?[-=]([^${}]+)\}$/;

/** Lines longer than this are read in windows around each secret-like name. */
const LONG_LINE = 4096;
const WINDOW_BEFORE = 128;
const WINDOW_AFTER = 1024;
/**
 * A name this close to the end of a window starts the next one too: its value may run past
 * the end. What both windows find is one finding (overlapping spans are deduplicated).
 */
const WINDOW_OVERLAP = 512;
const SECRET_NAME_ANYWHERE = new RegExp(SECRET_NAME_HINT.source, 'gi');

const BASE64ISH = /^[A-Za-z0-9+/_\-=.~!@#$%^&*:]+$/;
const HEX = /^[0-9a-fA-F]+$/;

/** The rule ids this detector reports. */
export const ENTROPY_RULE_IDS = ['generic-secret', 'generic-password'] as const;

export interface EntropyThresholds {
  /** Minimum entropy (bits per character) of a generic secret value. */
  readonly generic: number;
  /** Minimum entropy of a hex-only value (hex has at most 4 bits per character). */
  readonly hex: number;
  /** Minimum entropy of a value assigned to a password-like name. */
  readonly password: number;
}

/**
 * The entropy thresholds, in bits per character. A random base64 token of 20 or
 * more characters scores above 4; English words and names score below 3.5.
 */
export const DEFAULT_THRESHOLDS: EntropyThresholds = {
  // A token of letters and digits under a secret's name.
  generic: 3.5,
  // Hex has 4 bits per character at most; 3.0 still rules out `deadbeef`-style runs.
  hex: 3.0,
  // People choose passwords; what they choose mixes classes more than it is random.
  password: 2.8,
};

/** Minimum entropy of a value under a name that says nothing about secrets (dotenv files): near random base64. */
export const ANY_NAME_ENTROPY = 4.2;
/** At or above this entropy (and long enough), a finding is of medium confidence rather than low. */
const CONFIDENT_ENTROPY = 4.2;
/** Shortest random token worth reporting by entropy: hex, then any other alphabet. */
const MIN_HEX_TOKEN = 20;
const MIN_TOKEN = 16;
/**
 * A key drawn from all printable characters (Django's SECRET_KEY, WordPress salts):
 * at least this long and this random. Code and markup of that length without a
 * space stay well below 4.5 bits per character.
 */
const MIN_SYMBOLIC_KEY = 32;
const SYMBOLIC_ENTROPY = 4.5;
const PRINTABLE = /^[\x21-\x7e]+$/;
/** Shortest value that can be a password at all. */
const MIN_PASSWORD = 4;
/** A password at least this long, mixing classes and above the password threshold, is a strong one. */
const STRONG_PASSWORD = 8;

/** Where a scan keeps its findings, and the candidates when `leakgate explain` asks for them. */
interface Scan {
  readonly thresholds: EntropyThresholds;
  readonly findings: RawFinding[];
  readonly kind: FileKind;
  readonly text: string;
  readonly trace: ((candidate: Candidate) => void) | undefined;
}

export function entropyDetector(thresholds: EntropyThresholds = DEFAULT_THRESHOLDS): Detector {
  return (fragment, context) => {
    const kind = fileKindOf(fragment.path);
    if (kind.unread !== undefined) return [];
    const { text, path } = fragment;
    const scan: Scan = { thresholds, findings: [], kind, text, trace: context?.candidate };
    const yaml = YAML_FILE.test(path);
    // In a dotenv file every variable is configuration for a deployment: a random
    // enough value is reported whatever its name (with a stricter threshold).
    // A .pgpass holds a password on every line, with no name beside it.
    const dotenv = DOTENV_FILE.test(path);
    if (dotenv || kind.pgpass) {
      let lineStart = 0;
      for (const line of text.split('\n')) {
        if (line.length <= LONG_LINE) scanLine(scan, line.replace(/\r$/, ''), lineStart, dotenv);
        else {
          // A long line (a JSON document or a key in one variable) is read in windows: its
          // start, where the variable is named, and around each secret-like name in it.
          scanWindow(scan, text, lineStart, lineStart + WINDOW_BEFORE + WINDOW_AFTER, lineStart + line.length, dotenv);
          scanWindows(scan, text, lineStart, lineStart + line.length, lineStart + WINDOW_BEFORE + WINDOW_AFTER);
        }
        lineStart += line.length + 1;
      }
      return scan.findings;
    }
    if (kind.code) scanCredentialCalls(scan);
    if (TERRAFORM_FILE.test(path)) scanVariableDefaults(scan);
    // Only lines that mention a secret-like name can hold an assignment to one.
    // A very long line (minified code, a huge encoded value) is read only in
    // windows around each mention, so its cost stays proportional to the mentions.
    let lastLineStart = -1;
    let windowEnd = -1;
    for (const hit of text.matchAll(SECRET_NAME_ANYWHERE)) {
      const lineStart = text.lastIndexOf('\n', hit.index) + 1;
      let lineEnd = text.indexOf('\n', hit.index);
      if (lineEnd < 0) lineEnd = text.length;
      if (lineEnd - lineStart <= LONG_LINE) {
        if (lineStart === lastLineStart) continue;
        lastLineStart = lineStart;
        const line = text.slice(lineStart, lineEnd);
        scanLine(scan, line, lineStart);
        if (yaml) scanNestedValue(scan, line, lineEnd);
      } else if (hit.index >= windowEnd - WINDOW_OVERLAP) {
        const start = Math.max(lineStart, hit.index - WINDOW_BEFORE);
        windowEnd = Math.min(lineEnd, hit.index + WINDOW_AFTER);
        scanWindow(scan, text, start, windowEnd, lineEnd);
      }
    }
    return scan.findings;
  };
}

/**
 * The windows of the long line `[lineStart, lineEnd)` of `text` around each secret-like
 * name from `from` on, as the general path reads a long line.
 */
function scanWindows(scan: Scan, text: string, lineStart: number, lineEnd: number, from: number): void {
  const names = new RegExp(SECRET_NAME_ANYWHERE.source, 'gi');
  // Names in the last part of the window before (`WINDOW_OVERLAP`) start windows too.
  names.lastIndex = Math.max(lineStart, from - WINDOW_OVERLAP);
  let windowEnd = from;
  for (let hit = names.exec(text); hit !== null && hit.index < lineEnd; hit = names.exec(text)) {
    if (hit.index < windowEnd - WINDOW_OVERLAP) continue;
    const start = Math.max(lineStart, hit.index - WINDOW_BEFORE);
    windowEnd = Math.min(lineEnd, hit.index + WINDOW_AFTER);
    scanWindow(scan, text, start, windowEnd, lineEnd);
  }
}

/**
 * One window `[start, end)` of a long line ending at `lineEnd`. A value that reaches the
 * window's end before the line's may be cut there: it is read again in a window that starts
 * just before it, and kept as found there (cut only if it is longer than a window).
 */
function scanWindow(scan: Scan, text: string, start: number, end: number, lineEnd: number, anyName = false): void {
  const before = scan.findings.length;
  scanLine(scan, text.slice(start, end), start, anyName);
  if (end >= lineEnd) return;
  const found = scan.findings.splice(before);
  for (const finding of found) {
    const again = Math.max(start, finding.start - WINDOW_BEFORE);
    const againEnd = Math.min(lineEnd, finding.start + WINDOW_AFTER);
    if (finding.end < end || againEnd <= end) {
      scan.findings.push(finding);
      continue;
    }
    const mark = scan.findings.length;
    scanLine(scan, text.slice(again, againEnd), again, anyName);
    // Others the second read cuts at its own end are read whole by the windows after it.
    const second = scan.findings.splice(mark);
    scan.findings.push(...second.filter((other) => other.start === finding.start || other.end < againEnd || againEnd >= lineEnd));
  }
}

/** `.env`, `.env.production`, `prod.env`. */
const DOTENV_FILE = /(?:^|\/)\.env(?:\.[\w.-]+)?$|\.env$/i;

const YAML_FILE = /\.ya?ml$/i;

/**
 * `password:` with nothing after it, then a more indented `value:` or `secure:`
 * line: the child holds the parent's value (Travis CI's `secure:`, Helm-style
 * `value:`). Group 1 is the indentation, 2 the name.
 */
const BARE_KEY = /^([ \t]*)(?:-[ \t]+)?["']?([A-Za-z_][\w.-]{0,100})["']?:[ \t]*$/;
const NESTED_VALUE = /^([ \t]+)(?:value|secure):[ \t]*(?:(["'])(.{1,500}?)\2|([^\s"'#][^\s#]{0,499}))[ \t]*(?:#.*)?$/;
/**
 * Travis CI's `secure:` holds RSA ciphertext in base64 (172 characters for the
 * smallest, 1024-bit, key; 160 leaves a margin): encrypted, so safe to commit.
 */
const CIPHERTEXT = /^[A-Za-z0-9+/]{160,}={0,2}$/;

function holdsSecret(name: string): boolean {
  const kind = classifyName(name).kind;
  return kind === 'secret' || kind === 'password';
}

/**
 * A header recorded as a YAML list (VCR cassettes): `Authorization:`, then
 * `- Bearer <token>` on the next line. Group 1 is the indentation, 2 the token.
 */
const RECORDED_BEARER = /^([ \t]*)-[ \t]+["']?(?:bearer|token)[ \t]+([A-Za-z0-9._~+/=-]{16,4096})/i;

function scanNestedValue(scan: Scan, line: string, lineEnd: number): void {
  const parent = BARE_KEY.exec(line);
  if (!parent) return;
  const name = parent[2]!;
  const authorization = name.toLowerCase() === 'authorization';
  if (!authorization && !holdsSecret(name)) return;
  const { text } = scan;
  const childStart = lineEnd + 1;
  let childEnd = text.indexOf('\n', childStart);
  if (childEnd < 0) childEnd = text.length;
  const childLine = text.slice(childStart, childEnd).replace(/\r$/, '');
  if (authorization) {
    const header = RECORDED_BEARER.exec(childLine);
    if (!header || header[1]!.length < parent[1]!.length) return;
    const token = header[2]!;
    const start = childStart + header[0].length - token.length;
    record(scan, 'Authorization: Bearer', token, start, judge('Authorization: Bearer', token, true, scan.thresholds, false), token, { title: 'Bearer token in an `Authorization` header' });
    return;
  }
  const child = NESTED_VALUE.exec(childLine);
  if (!child || child[1]!.length <= parent[1]!.length) return;
  const quoted = child[3] !== undefined;
  const value = child[3] ?? child[4]!;
  const start = childStart + child.index + child[0].indexOf(value, child[1]!.length);
  const verdict = CIPHERTEXT.test(value) ? 'ciphertext' : judge(name, value, quoted, scan.thresholds, true);
  record(scan, name, value, start, verdict);
}

/** Adds a finding for a reported verdict, and tells `explain` about either. */
function record(scan: Scan, name: string, value: string, start: number, verdict: Judgement | NotReported, secret = value, extra: Partial<RawFinding> = {}): void {
  if (scan.trace) {
    scan.trace(typeof verdict === 'string'
      ? { start, name, value, reported: false, reason: verdict }
      : { start, name, value, reported: true, reason: verdict.reason, ruleId: verdict.ruleId });
  }
  if (typeof verdict === 'string') return;
  const { reason: _reason, ...finding } = verdict;
  scan.findings.push({ ...finding, ...extra, start, end: start + secret.length, secret });
}

/** `{{ … }}` and `$( … )` spans of a line: what is inside is an expression or a command, not a literal. */
function insideSpan(line: string, index: number, open: string, close: string): boolean {
  let from = line.lastIndexOf(open, index);
  if (from < 0) return false;
  // Nested `$(…)` closes once per opening; one level is enough for what lines hold.
  from = line.indexOf(close, from + open.length);
  return from < 0 || from >= index;
}

/** What a name's class settles: names that refer to or configure a secret never hold one. */
function nameVerdict(kind: NameClass, anyName: boolean): NotReported | undefined {
  if (kind === 'reference') return 'name-reference';
  if (kind === 'setting') return 'name-setting';
  if (kind === 'public') return 'name-public';
  if (kind === 'neutral' && !anyName) return 'name-neutral';
  return undefined;
}

function scanLine(scan: Scan, line: string, offset: number, anyName = false): void {
  const { code, words } = scan.kind;
  const actions = line.includes('{{');
  const commands = line.includes('$(') || line.includes('`');
  const consider: Consider = (name, value, start, quoted, continued, { markup = false, encoded, title }: Where = {}) => {
    const { snake, kind } = classifyName(name);
    const at = offset + start;
    // What the value is comes first (a boolean is never a secret, whatever its name), then the name, the place, the entropy.
    const verdict =
      valueKind(value) ??
      nameVerdict(kind, anyName) ??
      // In markup a bare `key` or `…Key` element names things (a plist's `<key>`, a signing key's fingerprint).
      (markup && !isStrongSecretName(snake) ? 'markup-key' : undefined) ??
      (actions && insideSpan(line, start, '{{', '}}') ? 'template-action' : undefined) ??
      (commands && (insideSpan(line, start, '$(', ')') || insideSpan(line, start, '`', '`')) ? 'command' : undefined) ??
      (isFirebaseWebKey(value, scan.text) ? 'public-key' : undefined) ??
      (kind !== 'neutral'
        ? judge(name, value, quoted, scan.thresholds, words && !continued)
        : judge(name, value, quoted, { ...scan.thresholds, generic: ANY_NAME_ENTROPY, hex: ANY_NAME_ENTROPY }, false));
    // A value found inside base64 is reported as the base64 that is in the file.
    record(scan, name, value, at, verdict, encoded?.text ?? value, { ...(title ? { title } : {}), ...(encoded ? { decoded: encoded.path } : {}) });
  };
  for (const match of line.matchAll(ASSIGNMENT)) {
    const end = match.index + match[0].length;
    const unquoted = match[6];
    // Inside `${NAME:…}` the regex takes the `:` alone as the operator of `:+`, `:?` and `:-`
    // (and `:=` whole). `${MVNW_PASSWORD:+has-password}` (the Maven wrapper) gives the word when
    // the variable is set, `${TOKEN:?set TOKEN}` an error message: neither is the value.
    const operator =
      unquoted !== undefined && line.slice(match.index - 2, match.index) === '${' && line[match.index + match[1]!.length] === ':' ? line[match.index + match[1]!.length + 1] : undefined;
    if (operator === '+' || operator === '?') {
      if (scan.trace) record(scan, match[1]!, unquoted!, offset + end - unquoted!.length, 'shell-alternate');
      continue;
    }
    // `${DB_PASSWORD:-s3cr3t}` gives a default: the value is what follows the `-`.
    if (operator === '-' && unquoted!.length > 1 && !code) {
      consider(match[1]!, unquoted!.slice(1), end - unquoted!.length + 1, false, false);
      continue;
    }
    // `http://user:$PASSWORD@127.0.0.1:15672/api`: the credentials and host of a URL, whose `:` is the port's.
    if (unquoted !== undefined && URL_AUTHORITY_NAME.test(match[1]!) && PORT_AND_PATH.test(unquoted)) {
      if (scan.trace) record(scan, match[1]!, unquoted, offset + end - unquoted.length, 'path');
      continue;
    }
    if (unquoted === undefined) {
      const value = match[3] ?? match[5]!;
      const start = end - value.length - (match[3] !== undefined ? 1 : 2);
      // `PGPASSWORD="${POSTGRES_PASSWORD:-s3cr3t}"`: the default is a value written here, as it is
      // unquoted (`x=${POSTGRES_PASSWORD:-s3cr3t}`); the rest of the quoted text is the variable.
      const expansion = SHELL_DEFAULT.exec(value);
      if (expansion) consider(expansion[1]!, expansion[2]!, start + value.length - 1 - expansion[2]!.length, true, false);
      else consider(match[1]!, value, start, true, false);
    } else if (!code) {
      if (unquoted === '!!binary') {
        scanBinaryValue(scan, line, offset, end, match[1]!);
        continue;
      }
      // `NAME=$(cat x)`: a command substitution, read when the line runs.
      if (unquoted === '$' && line[end] === '(') {
        if (scan.trace) record(scan, match[1]!, line.slice(end - 1), offset + end - 1, 'command');
        continue;
      }
      // `rootPassword: R0ot)Password` in YAML, `DB_PASSWORD=S3cr(et)` in a .env: a key's plain
      // value there is the rest of its line, whatever punctuation it holds.
      const whole = scan.kind.lineValues ? restOfLineValue(line, match.index, end, unquoted) : undefined;
      if (whole !== undefined) {
        const start = end - unquoted.length;
        // `serverPasswords: baz,qux`: a plural name holds a list, each item a value of its own.
        if (PLURAL_NAME.test(match[1]!) && /[,;]/.test(whole)) {
          for (const item of whole.matchAll(/[^,;]+/g)) consider(match[1]!, item[0], start + item.index, false, false);
        } else {
          consider(match[1]!, whole, start, false, false);
        }
        continue;
      }
      // `email["X"]`, `getenv("X")`: an unquoted word that is indexed or called is an expression.
      if (line[end] === '[' || line[end] === '(') continue;
      // `passwd: files systemd`: an unquoted word followed by more words is a list or a phrase,
      // and `secret: shhhh! it's a github secret` is a sentence where a secret goes.
      const continued = /^[ \t]+[^\s#;/]/.test(line.slice(end));
      if (continued && isProse(`${unquoted}${line.slice(end).replace(/\s#.*$/, '')}`)) {
        if (scan.trace) record(scan, match[1]!, `${unquoted}${line.slice(end)}`, offset + end - unquoted.length, 'prose');
        continue;
      }
      consider(match[1]!, unquoted, end - unquoted.length, false, continued);
    }
  }
  scanOtherForms(line, consider, scan.kind);
}

/** A "name" that is a URL's credentials and host (`$PASSWORD@127.0.0.1`, `admin@db.internal`). */
const URL_AUTHORITY_NAME = /^[^@]+@[A-Za-z0-9.-]+$/;
/** What follows a host's `:` in a URL: a port, then a path or nothing. */
const PORT_AND_PATH = /^\d{1,5}(?:[/?#]|$)/;

/** `passwords`, `serverPasswords`, `api_tokens`, `KEYS`: a name for a list. */
const PLURAL_NAME = /[a-rt-z]s$|[A-RT-Z]S$/;

/** Punctuation that ends an unquoted value in code, but not in YAML, dotenv or properties. */
const CODE_DELIMITERS = '(){}[]<>,;';
/** What may stand before a key at the start of its line: indentation, a sequence item's dash, a quote. */
const KEY_LINE_START = /^[ \t]*(?:-[ \t]+)?["']?$/;

/**
 * The whole plain value of a key that starts its line, when the assignment form
 * stopped it short at punctuation (`R0ot` of `rootPassword: R0ot)Password`):
 * the rest of the line up to a ` #` comment. Undefined when the value was not cut
 * there, when the key is not the line's (a flow mapping's `{a: b, c: d}`), or
 * when the rest holds spaces (a phrase, which the caller judges as before).
 */
function restOfLineValue(line: string, matchStart: number, end: number, unquoted: string): string | undefined {
  if (end >= line.length || !CODE_DELIMITERS.includes(line[end]!) || !KEY_LINE_START.test(line.slice(0, matchStart))) return undefined;
  const rest = line.slice(end).replace(/[ \t]+#.*$/, '').replace(/[ \t\r]+$/, '');
  if (/\s/.test(rest)) return undefined;
  return `${unquoted}${rest}`;
}

/**
 * `name: !!binary <base64>`: YAML's own encoding of bytes. The decoded text is
 * the value; the finding points at the base64 that holds it.
 */
function scanBinaryValue(scan: Scan, line: string, offset: number, from: number, name: string): void {
  const encoded = /^[ \t]+([A-Za-z0-9+/]{8,4096}={0,2})(?![\w+/=])/.exec(line.slice(from));
  if (!encoded) return;
  const decoded = base64Text(encoded[1]!);
  if (decoded === undefined) return;
  const start = offset + from + encoded[0].length - encoded[1]!.length;
  record(scan, name, decoded, start, judge(name, decoded, true, scan.thresholds, false), encoded[1]!, { decoded: ['yaml-binary', 'base64'] });
}

/** A digit, a letter, and a symbol or both cases: what password rules ask of people. */
function mixesClasses(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return /[^A-Za-z0-9]/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value));
}

/**
 * Base64 of a sentence ("not my real password") is encoded text, and base64 of
 * a public key or certificate (a registry's signing `key`) is public: neither
 * is key material.
 */
function encodesNonSecret(value: string): boolean {
  if (value.length < 16) return false;
  const bytes = decodeBase64Strict(value);
  if (!bytes) return false;
  if (isPublicDer(bytes)) return true;
  const text = asText(bytes);
  // `eyJhbGciOiJIUzI1NiJ9` is `{"alg":"HS256"}`: a JWT's header alone, data and no key.
  return text !== undefined && (isProse(text) || /^\{"[\s\S]*\}$/.test(text));
}

const TERRAFORM_FILE = /\.tf$/;
/**
 * `variable "db_password" { default = "…" }`: the secret is the default of a
 * variable whose name is in the block's label, lines above. Group 1 is the name, 2 the value.
 */
const VARIABLE_DEFAULT = /\bvariable\s+"([^"\n]{1,100})"\s*\{[^}]*?\bdefault\s*=\s*"((?:[^"\\\n]|\\.){1,500})"/g;

function scanVariableDefaults(scan: Scan): void {
  if (!scan.text.includes('default')) return;
  for (const match of scan.text.matchAll(VARIABLE_DEFAULT)) {
    const [name, value] = [match[1]!, match[2]!];
    if (!holdsSecret(name)) continue;
    const start = match.index + match[0].length - value.length - 1;
    record(scan, name, value, start, judge(name, value, true, scan.thresholds, true), value, { title: `Default value of the Terraform variable \`${name}\`` });
  }
}

/** Passwords passed as literal arguments to well-known APIs (source code only; see `credentialCalls`). */
function scanCredentialCalls(scan: Scan): void {
  for (const { value, start, call } of credentialCalls(scan.text)) {
    record(scan, 'password', value, start, judge('password', value, true, scan.thresholds, false), value, { title: `Password passed to \`${call}(…)\`` });
  }
}

/** A reported verdict: the finding without its span, and the reason that settled it. */
type Judgement = Pick<RawFinding, 'ruleId' | 'title' | 'severity' | 'confidence'> & { readonly reason: Reported };

/**
 * The verdict on one value under a secret-holding name: reported, with the reason,
 * or the reason it is not. The checks run in a fixed order, the first that
 * settles the value names the reason.
 */
function judge(name: string, value: string, quoted: boolean, thresholds: EntropyThresholds, words: boolean): Judgement | NotReported {
  const password = isPasswordName(name);
  // `proxypass`, `repopwd`, `dbsecret`: a word made of what the value is for is a stand-in;
  // in code, `"password1"`, `"new_password2"`, `"auth_token"` are field names too.
  if ((/^[A-Za-z]+$/.test(value) || (!words && /^[\w.-]+$/.test(value))) && /pass|pwd|secret|token/i.test(value)) return 'stand-in';
  // A single word may be a password; an identifier of several words is not.
  const wordsAllowed = password && words && !/[_.@:/-]/.test(value);
  // In configuration, a password field's value is a password even when it reads like a numbered name.
  const notSecret = nonSecretValue(value, quoted, wordsAllowed, !(password && words));
  if (notSecret !== undefined) return notSecret;
  if (encodesNonSecret(value)) return 'encoded-text';
  const entropy = shannonEntropy(value);
  if (password) {
    // A short or plain word is still a password when it is assigned to one
    // (`password: root`), but only with low confidence; `--min-confidence` drops it.
    const strong = value.length >= STRONG_PASSWORD && entropy >= thresholds.password && /[0-9\W_]/.test(value) && /[A-Za-z]/.test(value);
    // In code and prose a value with spaces is a message; only configuration holds passphrases.
    if ((!strong || !words) && /\s/.test(value)) return 'spaces';
    if (!strong && value.length < MIN_PASSWORD) return 'too-short';
    return {
      ruleId: 'generic-password',
      title: `Password assigned to \`${name}\``,
      severity: 'high',
      confidence: strong && entropy >= thresholds.generic && value.length >= 12 ? 'medium' : 'low',
      reason: 'password',
    };
  }
  const hex = HEX.test(value);
  if (!BASE64ISH.test(value)) {
    // Django's SECRET_KEY and WordPress salts draw on every printable character.
    if (value.length >= MIN_SYMBOLIC_KEY && PRINTABLE.test(value) && mixesClasses(value) && entropy >= SYMBOLIC_ENTROPY) {
      return { ruleId: 'generic-secret', title: `High-entropy value assigned to \`${name}\``, severity: 'medium', confidence: 'medium', reason: 'random' };
    }
    return 'charset';
  }
  if (value.length < (hex ? MIN_HEX_TOKEN : MIN_TOKEN)) {
    // Too short for a random token, but in configuration a value that mixes
    // letters, digits and symbols (`b@d0@u7H70K3n`) under a secret's name is one.
    if (!words || hex || value.length < STRONG_PASSWORD || !mixesClasses(value)) return 'too-short';
    if (entropy < thresholds.password) return 'low-entropy';
    // A bare `key` names too many things (`key: us-east-1`), and `AUTH_TOKEN_V2` is a name.
    const snake = classifyName(name).snake;
    if (!isStrongSecretName(snake)) return 'too-short';
    if (isWordIdentifier(value.replace(/[0-9]+/g, ''))) return 'identifier';
    return { ruleId: 'generic-secret', title: `Short secret assigned to \`${name}\``, severity: 'medium', confidence: 'low', reason: 'short-mixed' };
  }
  if (entropy < (hex ? thresholds.hex : thresholds.generic)) return 'low-entropy';
  const confidence: Confidence = entropy >= CONFIDENT_ENTROPY && value.length >= 24 ? 'medium' : 'low';
  return { ruleId: 'generic-secret', title: `High-entropy value assigned to \`${name}\``, severity: 'medium', confidence, reason: 'random' };
}

/**
 * The verdict on a literal value under a secret's key in configuration that is
 * read by its structure (Helm values): the same checks as any candidate, with
 * the key's name class first.
 */
export function configValueVerdict(name: string, value: string): Judgement | NotReported {
  return valueKind(value) ?? nameVerdict(classifyName(name).kind, true) ?? judge(name, value, true, DEFAULT_THRESHOLDS, true);
}
