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
import { isNonSecretValue, isProse, isWordIdentifier } from './filters.js';
import { credentialCalls, fileKindOf, scanOtherForms, type Consider, type FileKind, type Where } from './secret-forms.js';

/**
 * `name = value`, `name: value`, `"name": "value"`, `name := value`, `name => value`,
 * `NAME=value`, and `name = \"value\"` inside a JSON string (a notebook cell).
 * Group 1 is the name, 3 the quoted value, 5 the value between escaped quotes,
 * 6 the unquoted value.
 */
const ASSIGNMENT =
  /["']?([A-Za-z_$@][\w$.@-]{0,100})["']?\s*(?::=|=>|==|!=|[:=])\s*(?:(["'`])((?:(?!\2)[^\\\n]|\\.){1,500})\2|\\(["'])((?:(?!\\\4)[^\n]){1,500})\\\4|([^\s"'`,;(){}[\]<>]{1,500}))/g;

/** Names that hold credentials. Matched against the lower-cased name. */
const SECRET_NAME =
  /password|passwd|passphrase|(?:^|[_.-])pass(?:[_.-]\w{1,2})?$|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|client[_.-]?secret|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key|bearer|(?:^|[_.-])key$|(?:^|[_.-])psk$/;
/** Names that leave no doubt, for values too short to judge by entropy. */
const STRONG_SECRET_NAME = /secret|token|(?:^|[_.-])psk$|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|privatekey|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key/;
/** What the prefilter looks for on a line: any of the above, and `key` in any case. */
const SECRET_NAME_HINT = /pass|pwd|secret|token|key|credential|bearer|authoriz|curl|mysql|masterauth|securestring|psk|docker login|podman login/;
/** Lines longer than this are read in windows around each secret-like name. */
const LONG_LINE = 4096;
const WINDOW_BEFORE = 128;
const WINDOW_AFTER = 1024;
const SECRET_NAME_ANYWHERE = new RegExp(SECRET_NAME_HINT.source, 'gi');
const PASSWORD_NAME = /password|passwd|passphrase|pwd$|(?:^|[_.-])pass(?:[_.-]\w{1,2})?$/;
/** Names that mention a secret but hold something else. */
const NOT_SECRET_NAME =
  /(?:_|\b|[a-z])(?:type|length|len|count|size|min|max|url|uri|endpoint|path|file|dir|name|id|ttl|expir\w*|timeout|header|prefix|format|policy|field|label|hint|regex|pattern|enabled|required|mode|version|env|var|encryption|method|algorithm|algo|scheme|cipher|strategy|provider|backend|handler|store|storage|source|location|ref|reset|strength|complexity|history|lifetime|rotation|used|date|time|timestamp|changed|updated|created)$|(?:^|_)(?:next|page|continuation|pagination|sync|resume|change)_?token$|(?:^|_)(?:cache|sort|partition|primary|foreign|row|idempotency|lookup|dedup|routing|shard|index|group|object|bucket|s3|dict|map|message|translation|i18n|label|tag|metric|event|state|query|public)_?key$|^(?:is|has|should|use|show|enable|disable|validate|check)[_A-Z]/;

/** Names of values that are digests or public halves of something (a hashed secret is not the secret). */
const DIGEST_NAME = /hash|digest|checksum|fingerprint|integrity|public|publishable|(?:^|_)(?:sha\d*|md5)(?:_|$)/;

/**
 * What a name says its value is: `secret` (`db_password`), `setting` (a name that
 * mentions a secret but holds something else: `password_length`, `token_hash`), or
 * `neutral`. `snake` is the name lower-cased, camelCase split with `_`.
 */
function classifyName(name: string): { readonly snake: string; readonly kind: 'secret' | 'setting' | 'neutral' } {
  const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (NOT_SECRET_NAME.test(snake) || DIGEST_NAME.test(snake)) return { snake, kind: 'setting' };
  return { snake, kind: SECRET_NAME.test(snake) ? 'secret' : 'neutral' };
}

/** Files whose random-looking strings are hashes, not secrets. */
const LOCK_FILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|go\.sum|Cargo\.lock|poetry\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|Podfile\.lock|packages\.lock\.json|flake\.lock|mix\.lock|pubspec\.lock|gradle\.lockfile|uv\.lock)$/;

/** System files whose `passwd:`-style keys name databases, not secrets (`passwd: files systemd`). */
const NAME_SERVICE_FILE = /(?:^|\/)nsswitch\.conf$/;

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

export const DEFAULT_THRESHOLDS: EntropyThresholds = { generic: 3.5, hex: 3.0, password: 2.8 };

export function entropyDetector(thresholds: EntropyThresholds = DEFAULT_THRESHOLDS): Detector {
  return (fragment) => {
    if (LOCK_FILE.test(fragment.path) || NAME_SERVICE_FILE.test(fragment.path)) return [];
    const findings: RawFinding[] = [];
    const { text, path } = fragment;
    const kind = fileKindOf(path);
    const { code } = kind;
    const yaml = YAML_FILE.test(path);
    // In a dotenv file every variable is configuration for a deployment: a random
    // enough value is reported whatever its name (with a stricter threshold).
    // A .pgpass holds a password on every line, with no name beside it.
    const dotenv = DOTENV_FILE.test(path);
    if (dotenv || kind.pgpass) {
      let lineStart = 0;
      for (const line of text.split('\n')) {
        if (line.length <= LONG_LINE) scanLine(line.replace(/\r$/, ''), lineStart, thresholds, findings, kind, dotenv);
        lineStart += line.length + 1;
      }
      return findings;
    }
    if (code) scanCredentialCalls(text, thresholds, findings);
    if (TERRAFORM_FILE.test(path)) scanVariableDefaults(text, thresholds, findings);
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
        scanLine(line, lineStart, thresholds, findings, kind);
        if (yaml) scanNestedValue(text, line, lineEnd, thresholds, findings);
      } else if (hit.index >= windowEnd) {
        const start = Math.max(lineStart, hit.index - WINDOW_BEFORE);
        windowEnd = Math.min(lineEnd, hit.index + WINDOW_AFTER);
        scanLine(text.slice(start, windowEnd), start, thresholds, findings, kind);
      }
    }
    return findings;
  };
}

/** `.env`, `.env.production`, `prod.env`. */
const DOTENV_FILE = /(?:^|\/)\.env(?:\.[\w.-]+)?$|\.env$/i;
/** Minimum entropy of a value under a name that says nothing about secrets (dotenv files). */
const ANY_NAME_ENTROPY = 4.2;

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

function scanNestedValue(text: string, line: string, lineEnd: number, thresholds: EntropyThresholds, findings: RawFinding[]): void {
  const parent = BARE_KEY.exec(line);
  if (!parent) return;
  const name = parent[2]!;
  if (classifyName(name).kind !== 'secret') return;
  const childStart = lineEnd + 1;
  let childEnd = text.indexOf('\n', childStart);
  if (childEnd < 0) childEnd = text.length;
  const child = NESTED_VALUE.exec(text.slice(childStart, childEnd).replace(/\r$/, ''));
  if (!child || child[1]!.length <= parent[1]!.length) return;
  const quoted = child[3] !== undefined;
  const value = child[3] ?? child[4]!;
  if (CIPHERTEXT.test(value)) return;
  const finding = judge(name, value, quoted, thresholds, true);
  if (!finding) return;
  const start = childStart + child.index + child[0].indexOf(value, child[1]!.length);
  findings.push({ ...finding, start, end: start + value.length, secret: value });
}

function scanLine(line: string, offset: number, thresholds: EntropyThresholds, findings: RawFinding[], kind: FileKind, anyName = false): void {
  const { code, words } = kind;
  const consider: Consider = (name, value, start, quoted, continued, { markup = false, encoded, title }: Where = {}) => {
    const { snake, kind } = classifyName(name);
    if (kind === 'setting' || (kind === 'neutral' && !anyName)) return;
    // In markup a bare `key` or `…Key` element names things (a plist's `<key>`, a signing key's fingerprint).
    if (markup && !STRONG_SECRET_NAME.test(snake) && !PASSWORD_NAME.test(snake)) return;
    const finding = kind === 'secret'
      ? judge(name, value, quoted, thresholds, words && !continued)
      : judge(name, value, quoted, { ...thresholds, generic: ANY_NAME_ENTROPY, hex: ANY_NAME_ENTROPY }, false);
    if (!finding) return;
    // A value found inside base64 is reported as the base64 that is in the file.
    const secret = encoded?.text ?? value;
    findings.push({
      ...finding,
      ...(title ? { title } : {}),
      start: offset + start,
      end: offset + start + secret.length,
      secret,
      ...(encoded ? { decoded: encoded.path } : {}),
    });
  };
  for (const match of line.matchAll(ASSIGNMENT)) {
    const end = match.index + match[0].length;
    const unquoted = match[6];
    if (unquoted === undefined) {
      const value = match[3] ?? match[5]!;
      consider(match[1]!, value, end - value.length - (match[3] !== undefined ? 1 : 2), true, false);
    } else if (!code) {
      if (unquoted === '!!binary') {
        scanBinaryValue(line, offset, end, match[1]!, thresholds, findings);
        continue;
      }
      // `email["X"]`, `getenv("X")`: an unquoted word that is indexed or called is an expression.
      if (line[end] === '[' || line[end] === '(') continue;
      // `passwd: files systemd`: an unquoted word followed by more words is a list or a phrase.
      consider(match[1]!, unquoted, end - unquoted.length, false, /^[ \t]+[^\s#;/]/.test(line.slice(end)));
    }
  }
  scanOtherForms(line, consider, kind);
}

/**
 * `name: !!binary <base64>`: YAML's own encoding of bytes. The decoded text is
 * the value; the finding points at the base64 that holds it.
 */
function scanBinaryValue(line: string, offset: number, from: number, name: string, thresholds: EntropyThresholds, findings: RawFinding[]): void {
  const encoded = /^[ \t]+([A-Za-z0-9+/]{8,4096}={0,2})(?![\w+/=])/.exec(line.slice(from));
  if (!encoded) return;
  const decoded = base64Text(encoded[1]!);
  if (decoded === undefined) return;
  const finding = judge(name, decoded, true, thresholds, false);
  if (!finding) return;
  const start = offset + from + encoded[0].length - encoded[1]!.length;
  findings.push({ ...finding, start, end: start + encoded[1]!.length, secret: encoded[1]!, decoded: ['yaml-binary', 'base64'] });
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
  return text !== undefined && isProse(text);
}

const TERRAFORM_FILE = /\.tf$/;
/**
 * `variable "db_password" { default = "…" }`: the secret is the default of a
 * variable whose name is in the block's label, lines above. Group 1 is the name, 2 the value.
 */
const VARIABLE_DEFAULT = /\bvariable\s+"([^"\n]{1,100})"\s*\{[^}]*?\bdefault\s*=\s*"((?:[^"\\\n]|\\.){1,500})"/g;

function scanVariableDefaults(text: string, thresholds: EntropyThresholds, findings: RawFinding[]): void {
  if (!text.includes('default')) return;
  for (const match of text.matchAll(VARIABLE_DEFAULT)) {
    const [name, value] = [match[1]!, match[2]!];
    if (classifyName(name).kind !== 'secret') continue;
    const finding = judge(name, value, true, thresholds, true);
    if (!finding) continue;
    const start = match.index + match[0].length - value.length - 1;
    findings.push({ ...finding, title: `Default value of the Terraform variable \`${name}\``, start, end: start + value.length, secret: value });
  }
}

/** Passwords passed as literal arguments to well-known APIs (source code only; see `credentialCalls`). */
function scanCredentialCalls(text: string, thresholds: EntropyThresholds, findings: RawFinding[]): void {
  for (const { value, start, call } of credentialCalls(text)) {
    const finding = judge('password', value, true, thresholds, false);
    if (finding) findings.push({ ...finding, title: `Password passed to \`${call}(…)\``, start, end: start + value.length, secret: value });
  }
}

function judge(
  name: string,
  value: string,
  quoted: boolean,
  thresholds: EntropyThresholds,
  words: boolean,
): Pick<RawFinding, 'ruleId' | 'title' | 'severity' | 'confidence'> | undefined {
  const password = PASSWORD_NAME.test(name.toLowerCase());
  // `proxypass`, `repopwd`, `dbsecret`: a word made of what the value is for is a stand-in;
  // in code, `"password1"`, `"new_password2"`, `"auth_token"` are field names too.
  if ((/^[A-Za-z]+$/.test(value) || (!words && /^[\w.-]+$/.test(value))) && /pass|pwd|secret|token/i.test(value)) return undefined;
  // A single word may be a password; an identifier of several words is not.
  const wordsAllowed = password && words && !/[_.@:/-]/.test(value);
  // In configuration, a password field's value is a password even when it reads like a numbered name.
  if (isNonSecretValue(value, quoted, wordsAllowed, !(password && words)) || encodesNonSecret(value)) return undefined;
  const entropy = shannonEntropy(value);
  if (password) {
    // A short or plain word is still a password when it is assigned to one
    // (`password: root`), but only with low confidence; `--min-confidence` drops it.
    const strong = value.length >= 8 && entropy >= thresholds.password && /[0-9\W_]/.test(value) && /[A-Za-z]/.test(value);
    // In code and prose a value with spaces is a message; only configuration holds passphrases.
    if ((!strong || !words) && /\s/.test(value)) return undefined;
    if (!strong && value.length < 4) return undefined;
    return {
      ruleId: 'generic-password',
      title: `Password assigned to \`${name}\``,
      severity: 'high',
      confidence: strong && entropy >= 3.5 && value.length >= 12 ? 'medium' : 'low',
    };
  }
  const hex = HEX.test(value);
  if (!BASE64ISH.test(value)) return undefined;
  if (value.length < (hex ? 20 : 16)) {
    // Too short for a random token, but in configuration a value that mixes
    // letters, digits and symbols (`b@d0@u7H70K3n`) under a secret's name is one.
    if (!words || hex || value.length < 8 || entropy < thresholds.password || !mixesClasses(value)) return undefined;
    // A bare `key` names too many things (`key: us-east-1`), and `AUTH_TOKEN_V2` is a name.
    if (!STRONG_SECRET_NAME.test(name.toLowerCase()) || isWordIdentifier(value.replace(/[0-9]+/g, ''))) return undefined;
    return { ruleId: 'generic-secret', title: `Short secret assigned to \`${name}\``, severity: 'medium', confidence: 'low' };
  }
  if (entropy < (hex ? thresholds.hex : thresholds.generic)) return undefined;
  const confidence: Confidence = entropy >= 4.2 && value.length >= 24 ? 'medium' : 'low';
  return { ruleId: 'generic-secret', title: `High-entropy value assigned to \`${name}\``, severity: 'medium', confidence };
}
