/**
 * Entropy detection: a value assigned to a secret-like name (`password`, `token`,
 * `api_key`, ...) that is random enough to be a credential, after filters for the
 * things that look random but are not secrets.
 */
import type { Confidence, RawFinding } from '../types.js';
import type { Detector } from './detector.js';
import { shannonEntropy } from './entropy-math.js';
import { isPublicDer } from './der.js';
import { asText, decodeBase64Strict } from './encoding.js';
import { isNonSecretValue, isProse, isWordIdentifier } from './filters.js';

/**
 * `name = value`, `name: value`, `"name": "value"`, `name := value`, `name => value`,
 * `NAME=value`, and `name = \"value\"` inside a JSON string (a notebook cell).
 * Group 1 is the name, 3 the quoted value, 5 the value between escaped quotes,
 * 6 the unquoted value.
 */
const ASSIGNMENT =
  /["']?([A-Za-z_$@][\w$.@-]{0,100})["']?\s*(?::=|=>|==|!=|[:=])\s*(?:(["'`])((?:(?!\2)[^\\\n]|\\.){1,500})\2|\\(["'])((?:(?!\\\4)[^\n]){1,500})\\\4|([^\s"'`,;(){}[\]<>]{1,500}))/g;
/** `<password>value</password>` (Maven settings, XML configuration). Group 1 is the name, 2 the value. */
const XML_ELEMENT = /<([A-Za-z_][\w.:-]{0,100})>([^<>{}\n]{1,500})<\/\1>/g;
/** `<add key="ApiKey" value="…" />` (.NET appSettings) and `name="…" value="…"`. Group 1 is the name, 2 the value. */
const KEY_VALUE_ATTRIBUTES = /\b(?:key|name)\s*=\s*"([^"\n]{1,100})"\s+value\s*=\s*"([^"\n]{1,500})"/g;

/** Names that hold credentials. Matched against the lower-cased name. */
const SECRET_NAME =
  /password|passwd|passphrase|(?:^|[_.-])pass(?:[_.-]\w{1,2})?$|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|client[_.-]?secret|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key|bearer|(?:^|[_.-])key$/;
/** Names that leave no doubt, for values too short to judge by entropy. */
const STRONG_SECRET_NAME = /secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|privatekey|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key/;
/** What the prefilter looks for on a line: any of the above, and `key` in any case. */
const SECRET_NAME_HINT = /pass|pwd|secret|token|key|credential|bearer|authoriz|curl|mysql|masterauth/;
/** Lines longer than this are read in windows around each secret-like name. */
const LONG_LINE = 4096;
const WINDOW_BEFORE = 128;
const WINDOW_AFTER = 1024;
const SECRET_NAME_ANYWHERE = new RegExp(SECRET_NAME_HINT.source, 'gi');
const PASSWORD_NAME = /password|passwd|passphrase|pwd$|(?:^|[_.-])pass(?:[_.-]\w{1,2})?$/;
/** Names that mention a secret but hold something else. */
const NOT_SECRET_NAME =
  /(?:_|\b|[a-z])(?:type|length|len|count|size|min|max|url|uri|endpoint|path|file|dir|name|id|ttl|expir\w*|timeout|header|prefix|format|policy|field|label|hint|regex|pattern|enabled|required|mode|version|env|var|encryption|method|algorithm|algo|scheme|cipher|strategy|provider|backend|handler|store|storage|source|location|ref|reset|strength|complexity|history|lifetime|rotation)$|^(?:is|has|should|use|show|enable|disable|validate|check)[_A-Z]/;

/** Names of values that are digests or public halves of something (a hashed secret is not the secret). */
const DIGEST_NAME = /hash|digest|checksum|fingerprint|integrity|public|publishable|(?:^|_)(?:sha\d*|md5)(?:_|$)/;

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
    const { text } = fragment;
    const code = CODE_FILE.test(fragment.path);
    const yaml = YAML_FILE.test(fragment.path);
    // A plain word is a plausible password only in configuration (`password: root`).
    const { path } = fragment;
    const kind: FileKind = {
      code,
      words: !code && !DOC_FILE.test(path),
      netrc: NETRC_FILE.test(path),
      pgpass: PGPASS_FILE.test(path),
      dockerfile: DOCKERFILE.test(path),
    };
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
    // Only lines that mention a secret-like name can hold an assignment to one.
    // A very long line (minified code, a huge encoded value) is read only in
    // windows around each mention, so its cost stays proportional to the mentions.
    let lastLineStart = -1;
    let windowEnd = -1;
    if (code) scanCredentialCalls(text, thresholds, findings);
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

/**
 * Source code, where an unquoted right-hand side is an expression (`token =
 * getToken()`, `type A = B$1`), never a literal secret: only quoted values count.
 * In config formats (.env, YAML, INI, properties) unquoted values are literals.
 */
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|d\.[cm]?ts|py|rb|go|java|kt|kts|scala|cs|php|rs|swift|c|cc|cpp|h|hpp|m|mm|dart|lua|ex|exs|erl|clj|groovy|vue|svelte|pl|pm|vim|tcl|r|jl|hs|ml|fs|vb|coffee|nim|zig|sql|mk)$|(?:^|\/)(?:GNU)?[Mm]akefile$/i;

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
/** Travis CI's `secure:` holds RSA ciphertext in base64 (172 characters or more): encrypted, so safe to commit. */
const CIPHERTEXT = /^[A-Za-z0-9+/]{160,}={0,2}$/;

function scanNestedValue(text: string, line: string, lineEnd: number, thresholds: EntropyThresholds, findings: RawFinding[]): void {
  const parent = BARE_KEY.exec(line);
  if (!parent) return;
  const name = parent[2]!;
  const snakeName = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (!SECRET_NAME.test(snakeName) || NOT_SECRET_NAME.test(snakeName) || DIGEST_NAME.test(snakeName)) return;
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

/** Prose formats: a word after `password:` there is usually explanation, not a password. */
const DOC_FILE = /\.(?:md|markdown|mdx|rst|adoc|txt|html?)$/i;

/** `~/.netrc`, `_netrc`: `machine … login … password …`. */
const NETRC_FILE = /(?:^|\/)[._]netrc$/;
/** `~/.pgpass`: `host:port:database:user:password` a line. */
const PGPASS_FILE = /(?:^|\/)\.pgpass$/;
/** `Dockerfile`, `Dockerfile.prod`, `app.dockerfile`, `Containerfile`. */
const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:docker|container)file$/i;

interface FileKind {
  /** Source code: only quoted values are literals. */
  readonly code: boolean;
  /** Configuration: a plain word can be a password. */
  readonly words: boolean;
  readonly netrc: boolean;
  readonly pgpass: boolean;
  readonly dockerfile: boolean;
}

function scanLine(line: string, offset: number, thresholds: EntropyThresholds, findings: RawFinding[], kind: FileKind, anyName = false): void {
  const { code, words } = kind;
  const consider: Consider = (name, value, start, quoted, continued, { markup = false, encoded, title }: Where = {}) => {
    const snakeName = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    const secretName = SECRET_NAME.test(snakeName);
    if (!secretName && !anyName) return;
    // In markup a bare `key` or `…Key` element names things (a plist's `<key>`, a signing key's fingerprint).
    if (markup && !STRONG_SECRET_NAME.test(snakeName) && !PASSWORD_NAME.test(snakeName)) return;
    if (NOT_SECRET_NAME.test(snakeName) || DIGEST_NAME.test(snakeName)) return;
    const finding = secretName
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
      // `passwd: files systemd`: an unquoted word followed by more words is a list or a phrase.
      consider(match[1]!, unquoted, end - unquoted.length, false, /^[ \t]+[^\s#;/]/.test(line.slice(end)));
    }
  }
  scanOtherForms(line, consider, kind);
}

/** Judges one candidate value; `start` is its offset in the line (of `encoded.text` when it was decoded from it). */
type Consider = (name: string, value: string, start: number, quoted: boolean, continued: boolean, how?: Where) => void;

/** How a candidate was found, when not by `name = value`. */
interface Where {
  /** In markup, where a bare `key` element names things. */
  readonly markup?: boolean;
  /** The base64 in the file that the value was decoded from. */
  readonly encoded?: { readonly text: string; readonly path: readonly string[] };
  /** What to call the finding, where "assigned to `name`" would not say it. */
  readonly title?: string;
}

/**
 * `define('DB_PASSWORD', 'x')`, `setdefault("API_KEY", "x")`, `env["TOKEN"] = "x"`:
 * a quoted name, then a quoted value that ends the call or the statement (in a
 * list, `"pass", "keyInObj", …` are names side by side). Group 2 is the name, 4 the value.
 */
const STRING_PAIR = /(["'])([A-Za-z_][\w.-]{0,100})\1\s*(?:,|\]\s*=)\s*(["'])((?:(?!\3)[^\\\n]|\\.){1,500})\3(?=\s*(?:[);\]}]|$))/g;
/** `Authorization: Bearer <token>` in a header, a dict or a curl command. Group 1 is the token. */
const BEARER = /\bauthorization["']?\s*[:=,]\s*["']?(?:bearer|token)\s+([A-Za-z0-9._~+/=-]{16,4096})/gi;
/** `Authorization: Basic <base64 of user:password>`. Group 1 is the base64. */
const BASIC = /\bauthorization["']?\s*[:=,]\s*["']?basic\s+([A-Za-z0-9+/]{8,4096}={0,2})(?![\w+/=])/gi;
/** `curl -u user:password`, `curl --user=user:password`. Group 1 is the password. */
const CURL_USER = /\bcurl\b[^\n]*?\s(?:-u|--user)(?:\s+|=)["']?[^\s:"'`@]+:([^\s"'`@]+)/g;
/** `mysql -uroot -pPASSWORD`: the password glued to -p. Group 1. */
const MYSQL_PASSWORD = /\bmysql(?:dump|admin|import|sh)?\b[^\n]*?\s-p([^\s"'`-][^\s"'`]*)/g;
/** `password <value>` in a .netrc: space-separated tokens. Group 1. */
const NETRC_PASSWORD = /\bpassword\s+(\S+)/g;
/** Redis and Valkey's `requirepass <password>` and `masterauth <password>`. Group 1. */
const REDIS_PASSWORD = /^\s*(?:requirepass|masterauth)\s+["']?([^\s"']+)/g;
/** A .pgpass line: the password is what follows the fourth unescaped colon. Group 1. */
const PGPASS_LINE = /^(?:(?:[^:\\\n]|\\.)*:){4}((?:[^\\\n]|\\.)+)$/g;
/** A Dockerfile's `ENV NAME value` (the form without `=`). Group 1 is the name, 2 the value. */
const DOCKER_ENV = /^\s*(?:ENV|ARG)\s+([A-Za-z_]\w*)\s+([^\s=][^\n]*?)\s*$/g;

/** Where a secret is not written `name = value`: markup, calls, headers, command lines, .netrc. */
function scanOtherForms(line: string, consider: Consider, { code, netrc, pgpass, dockerfile }: FileKind): void {
  // Markup in configuration files; in code, `<Password>{value}</Password>` is a component.
  if (!code && (line.includes('<') || line.includes('value'))) {
    for (const match of line.matchAll(XML_ELEMENT)) {
      consider(match[1]!, match[2]!, match.index + match[1]!.length + 2, true, false, { markup: true });
    }
    for (const match of line.matchAll(KEY_VALUE_ATTRIBUTES)) {
      const value = match[2]!;
      consider(match[1]!, value, match.index + match[0].length - value.length - 1, true, false, { markup: true });
    }
  }
  // A pair needs a closing quote then `,` or `]` somewhere: most lines have neither.
  const pairs = line.includes('",') || line.includes("',") || line.includes('"]') || line.includes("']");
  for (const match of pairs ? line.matchAll(STRING_PAIR) : []) {
    const value = match[4]!;
    consider(match[2]!, value, match.index + match[0].length - value.length - 1, true, false);
  }
  if (/authoriz/i.test(line)) {
    for (const match of line.matchAll(BEARER)) {
      const title = 'Bearer token in an `Authorization` header';
      consider('Authorization: Bearer', match[1]!, match.index + match[0].length - match[1]!.length, true, false, { title });
    }
    for (const match of line.matchAll(BASIC)) {
      const credentials = asTextOf(match[1]!);
      const colon = credentials?.indexOf(':') ?? -1;
      if (colon > 0) {
        const start = match.index + match[0].length - match[1]!.length;
        const encoded = { text: match[1]!, path: ['http-basic', 'base64'] };
        consider('password', credentials!.slice(colon + 1), start, true, false, { encoded, title: 'Password in an HTTP Basic `Authorization` header' });
      }
    }
  }
  if (/curl/i.test(line)) {
    for (const match of line.matchAll(CURL_USER)) commandPassword(consider, 'Password on a `curl --user` command line', match);
  }
  if (/mysql/i.test(line)) {
    for (const match of line.matchAll(MYSQL_PASSWORD)) commandPassword(consider, 'Password on a MySQL command line (`-p`)', match);
  }
  if (netrc) {
    for (const match of line.matchAll(NETRC_PASSWORD)) commandPassword(consider, 'Password in a `.netrc` file', match);
  }
  if (pgpass) {
    for (const match of line.matchAll(PGPASS_LINE)) commandPassword(consider, 'Password in a PostgreSQL `.pgpass` file', match);
  }
  if (code) return;
  if (/requirepass|masterauth/i.test(line)) {
    for (const match of line.matchAll(REDIS_PASSWORD)) commandPassword(consider, 'Redis password (`requirepass`, `masterauth`)', match);
  }
  if (dockerfile) {
    for (const match of line.matchAll(DOCKER_ENV)) {
      const value = match[2]!;
      consider(match[1]!, value, match.index + match[0].trimEnd().length - value.length, false, false);
    }
  }
}

/** A password on a command line; a number there is a uid or a port (`-u 1000:1000`). */
function commandPassword(consider: Consider, title: string, match: RegExpMatchArray): void {
  // Punctuation after a word on a command line closes a sentence or a list, as in prose.
  const value = match[1]!.replace(/[,.;:)]+$/, '');
  if (value === '' || /^\d+$/.test(value)) return;
  consider('password', value, match.index! + match[0].length - value.length, true, false, { title });
}

function asTextOf(base64: string): string | undefined {
  const bytes = decodeBase64Strict(base64);
  return bytes ? asText(bytes) : undefined;
}


/**
 * `name: !!binary <base64>`: YAML's own encoding of bytes. The decoded text is
 * the value; the finding points at the base64 that holds it.
 */
function scanBinaryValue(line: string, offset: number, from: number, name: string, thresholds: EntropyThresholds, findings: RawFinding[]): void {
  const encoded = /^[ \t]+([A-Za-z0-9+/]{8,4096}={0,2})(?![\w+/=])/.exec(line.slice(from));
  if (!encoded) return;
  const bytes = decodeBase64Strict(encoded[1]!);
  const decoded = bytes ? asText(bytes) : undefined;
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

const STRING = `"[^"\\\\\\n]{0,200}"|'[^'\\\\\\n]{0,200}'`;
/** An argument before the password: a string literal or a plain expression (`$dsn`, `url`). */
const ARGUMENT = `(?:${STRING}|[$\\w.]{1,100})`;
const PASSWORD_ARGUMENT = `(?:"([^"\\\\\\n]{1,200})"|'([^'\\\\\\n]{1,200})')\\s*[,)]`;
const callAt = (names: string, before: number): string => `(?:${names})\\(\\s*(?:${ARGUMENT}\\s*,\\s*){${before}}${PASSWORD_ARGUMENT}`;
/**
 * Well-known APIs that take a password as a positional argument, with a literal
 * there: `HTTPBasicAuth("user", "…")`, `smtp.login(user, "…")`, `auth=("user", "…")`,
 * `DriverManager.getConnection(url, "user", "…")`, `new PDO($dsn, "user", "…")`.
 * Groups 1 and 2 (or 3 and 4) hold the password, double- or single-quoted.
 */
const CREDENTIAL_CALL = new RegExp(
  [
    callAt('\\b(?:HTTPBasicAuth|HTTPDigestAuth|NetworkCredential|UsernamePasswordCredentials|PasswordAuthentication|SetBasicAuth|basic_auth)|\\.login|\\bauth\\s*=\\s*', 1),
    callAt('\\b(?:getConnection|mysqli_connect|mysql_connect|mysqli|PDO|Sequelize)', 2),
  ].join('|'),
  'g',
);

/** Passwords passed as literal arguments to the APIs above (source code only). */
function scanCredentialCalls(text: string, thresholds: EntropyThresholds, findings: RawFinding[]): void {
  if (!text.includes('(')) return;
  for (const match of text.matchAll(CREDENTIAL_CALL)) {
    const value = match[1] ?? match[2] ?? match[3] ?? match[4]!;
    const finding = judge('password', value, true, thresholds, false);
    if (!finding) continue;
    const call = match[0].slice(0, match[0].indexOf('(')).replace(/^[.\s]+/, '').replace(/\s+/g, '');
    const start = match.index + match[0].lastIndexOf(value);
    findings.push({ ...finding, title: `Password passed to \`${call}(…)\``, start, end: start + value.length, secret: value });
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
  // `proxypass`, `repopwd`, `dbsecret`: a word made of what the value is for is a stand-in.
  if (/^[A-Za-z]+$/.test(value) && /pass|pwd|secret/i.test(value)) return undefined;
  // A single word may be a password; an identifier of several words is not.
  const wordsAllowed = password && words && !/[_.@:/-]/.test(value);
  if (isNonSecretValue(value, quoted, wordsAllowed) || encodesNonSecret(value)) return undefined;
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
