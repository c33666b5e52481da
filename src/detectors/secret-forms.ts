/**
 * Where a secret is not written `name = value`: markup (`<password>`, .NET
 * `<add key=… value=…/>`), quoted name and value side by side (`define('X', '…')`),
 * `Authorization` headers, `curl` and `mysql` command lines, `.netrc`, `.pgpass`,
 * Redis configuration, a Dockerfile's `ENV NAME value`, and passwords passed to
 * well-known APIs. These only find candidates; the entropy detector judges them
 * as it judges any assigned value.
 */
import { base64UserPassword } from './encoding.js';
import type { FileKind } from './vocabulary.js';

export type { FileKind } from './vocabulary.js';

/** Judges one candidate value; `start` is its offset in the line (of `encoded.text` when it was decoded from it). */
export type Consider = (name: string, value: string, start: number, quoted: boolean, continued: boolean, how?: Where) => void;

/** How a candidate was found, when not by `name = value`. */
export interface Where {
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
const CURL_USER = /\bcurl\b[^\n]*?\s(?:-u|--user)(?:\s+|=)["']?[^\s:"'`@]+:([^\s"'`@]+)/dg;
/** `mysql -uroot -pPASSWORD`: the password glued to -p. Group 1. */
const MYSQL_PASSWORD = /\bmysql(?:dump|admin|import|sh)?\b[^\n]*?\s-p([^\s"'`-][^\s"'`]*)/dg;
/** `password <value>` in a .netrc: space-separated tokens. Group 1. */
const NETRC_PASSWORD = /\bpassword\s+(\S+)/dg;
/** Redis and Valkey's `requirepass <password>` and `masterauth <password>`. Group 1. */
const REDIS_PASSWORD = /^\s*(?:requirepass|masterauth)\s+["']?([^\s"']+)/dg;
/** `docker login -u ci -p <password>`, `--password <password>` (podman and nerdctl alike). Group 1. */
const REGISTRY_LOGIN_PASSWORD = /\b(?:docker|podman|nerdctl|buildah)\s+login\b[^\n]*?\s(?:-p|--password)(?:\s+|=)["']?([^\s"'`]+)/dg;
/** `echo <password> | docker login … --password-stdin`: the password piped in clear. Group 1. */
const REGISTRY_LOGIN_STDIN = /\becho\s+(?:-n\s+)?["']?([^\s"'`|]+)["']?\s*\|\s*(?:docker|podman|nerdctl|buildah)\s+login\b[^\n]*--password-stdin/dg;
/** PowerShell's `ConvertTo-SecureString "…" -AsPlainText`: a password in clear made into a secure one. Group 2. */
const SECURE_STRING = /ConvertTo-SecureString\s+(?:-String\s+)?(["'])([^"'\n]{1,200})\1[^\n]*?-AsPlainText/dgi;
/** A .pgpass line: the password is what follows the fourth unescaped colon. Group 1. */
const PGPASS_LINE = /^(?:(?:[^:\\\n]|\\.)*:){4}((?:[^\\\n]|\\.)+)$/dg;
/** A Dockerfile's `ENV NAME value` (the form without `=`). Group 1 is the name, 2 the value. */
const DOCKER_ENV = /^\s*(?:ENV|ARG)\s+([A-Za-z_]\w*)\s+([^\s=][^\n]*?)\s*$/g;

/**
 * `<password>value</password>` (Maven settings, XML configuration), also with
 * attributes (FileZilla's `<Pass encoding="base64">`). Group 1 is the name, 2 the value.
 */
const XML_ELEMENT = /<([A-Za-z_][\w.:-]{0,100})(?:\s[^<>\n]{0,200})?>([^<>{}\n]{1,500})<\/\1>/g;
/**
 * `<add key="ApiKey" value="…" />` (.NET appSettings), `name="…" value="…"`, and the
 * same pair in JSON: `{"name": "DB_PASSWORD", "value": "…"}` (ECS task definitions,
 * Kubernetes env in JSON), `{"key": "api_token", "value": "…"}` (Postman collections).
 * Group 1 is the name, 2 the value.
 */
const KEY_VALUE_ATTRIBUTES = /\b(?:key|name)"?\s*[=:]\s*"([^"\n]{1,100})"\s*,?\s+"?value"?\s*[=:]\s*"([^"\n]{1,500})"/g;

/**
 * One place a secret is written, as data: which files it applies to, a cheap
 * test of the line (most lines fail it, so the pattern rarely runs), and how the
 * pattern's match becomes a candidate.
 */
interface Form {
  readonly what: string;
  readonly applies: (kind: FileKind) => boolean;
  readonly hint: (line: string) => boolean;
  readonly pattern: RegExp;
  readonly candidate: (match: RegExpMatchArray, consider: Consider) => void;
}

const always = (): boolean => true;
const notCode = (kind: FileKind): boolean => !kind.code;
/** A command line's password: the pattern's group 1, with the `d` flag for its span. */
const password = (title: string) => (match: RegExpMatchArray, consider: Consider) => commandPassword(consider, title, match);

/** The places a secret is written besides `name = value`, walked in this order for every line that may hold one. */
const FORMS: readonly Form[] = [
  {
    // Markup in configuration files; in code, `<Password>{value}</Password>` is a component.
    what: 'XML element',
    applies: notCode,
    hint: (line) => line.includes('<'),
    pattern: XML_ELEMENT,
    candidate: (match, consider) => consider(match[1]!, match[2]!, match.index! + match[0].length - match[2]!.length - match[1]!.length - 3, true, false, { markup: true }),
  },
  {
    what: 'name and value attributes',
    applies: notCode,
    hint: (line) => line.includes('value'),
    pattern: KEY_VALUE_ATTRIBUTES,
    candidate: (match, consider) => consider(match[1]!, match[2]!, match.index! + match[0].length - match[2]!.length - 1, true, false, { markup: true }),
  },
  {
    // A pair needs a closing quote then `,` or `]` somewhere: most lines have neither.
    what: 'quoted name and value',
    applies: always,
    hint: (line) => line.includes('",') || line.includes("',") || line.includes('"]') || line.includes("']"),
    pattern: STRING_PAIR,
    candidate: (match, consider) => consider(match[2]!, match[4]!, match.index! + match[0].length - match[4]!.length - 1, true, false),
  },
  {
    what: 'Authorization: Bearer header',
    applies: always,
    hint: (line) => /authoriz/i.test(line),
    pattern: BEARER,
    candidate: (match, consider) =>
      consider('Authorization: Bearer', match[1]!, match.index! + match[0].length - match[1]!.length, true, false, { title: 'Bearer token in an `Authorization` header' }),
  },
  {
    what: 'Authorization: Basic header',
    applies: always,
    hint: (line) => /authoriz/i.test(line),
    pattern: BASIC,
    candidate: (match, consider) => {
      const credentials = base64UserPassword(match[1]!);
      if (!credentials || credentials.user === '') return;
      const encoded = { text: match[1]!, path: ['http-basic', 'base64'] };
      consider('password', credentials.password, match.index! + match[0].length - match[1]!.length, true, false, { encoded, title: 'Password in an HTTP Basic `Authorization` header' });
    },
  },
  { what: 'curl --user', applies: always, hint: (line) => /curl/i.test(line), pattern: CURL_USER, candidate: password('Password on a `curl --user` command line') },
  { what: 'mysql -p', applies: always, hint: (line) => /mysql/i.test(line), pattern: MYSQL_PASSWORD, candidate: password('Password on a MySQL command line (`-p`)') },
  { what: '.netrc', applies: (kind) => kind.netrc, hint: always, pattern: NETRC_PASSWORD, candidate: password('Password in a `.netrc` file') },
  { what: 'docker login -p', applies: always, hint: (line) => / login\b/.test(line), pattern: REGISTRY_LOGIN_PASSWORD, candidate: password('Password on a `docker login` command line') },
  { what: 'docker login --password-stdin', applies: always, hint: (line) => / login\b/.test(line), pattern: REGISTRY_LOGIN_STDIN, candidate: password('Password piped into `docker login`') },
  {
    what: 'ConvertTo-SecureString -AsPlainText',
    applies: always,
    hint: (line) => /securestring/i.test(line),
    pattern: SECURE_STRING,
    candidate: (match, consider) => consider('password', match[2]!, match.indices![2]![0], true, false, { title: 'Password in clear passed to `ConvertTo-SecureString`' }),
  },
  { what: '.pgpass', applies: (kind) => kind.pgpass, hint: always, pattern: PGPASS_LINE, candidate: password('Password in a PostgreSQL `.pgpass` file') },
  {
    what: 'Redis requirepass and masterauth',
    applies: notCode,
    hint: (line) => /requirepass|masterauth/i.test(line),
    pattern: REDIS_PASSWORD,
    candidate: password('Redis password (`requirepass`, `masterauth`)'),
  },
  {
    what: 'Dockerfile ENV NAME value',
    applies: (kind) => !kind.code && kind.dockerfile,
    hint: always,
    pattern: DOCKER_ENV,
    candidate: (match, consider) => consider(match[1]!, match[2]!, match.index! + match[0].trimEnd().length - match[2]!.length, false, false),
  },
];

/** Where a secret is not written `name = value`: markup, calls, headers, command lines, .netrc (see `FORMS`). */
export function scanOtherForms(line: string, consider: Consider, kind: FileKind): void {
  for (const form of FORMS) {
    if (!form.applies(kind) || !form.hint(line)) continue;
    for (const match of line.matchAll(form.pattern)) form.candidate(match, consider);
  }
}

/** A password on a command line (its regex has the `d` flag); a number there is a uid or a port (`-u 1000:1000`). */
function commandPassword(consider: Consider, title: string, match: RegExpMatchArray): void {
  // Punctuation after a word on a command line closes a sentence or a list, as in prose.
  const value = match[1]!.replace(/[,.;:)]+$/, '');
  if (value === '' || /^\d+$/.test(value)) return;
  // The `d` flag gives the group's own span: the password is not always last in the match.
  consider('password', value, match.indices![1]![0], true, false, { title });
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

/** A substring of every API name above (`auth` covers `auth=`, `HTTPBasicAuth`, `SetBasicAuth`, `basic_auth`). */
const CALL_NAMES = ['login(', 'auth', 'Auth', 'Credential', 'getConnection', 'connect(', 'mysqli', 'PDO', 'Sequelize'];

/** A password passed as a literal to one of the APIs above, with the call's name. */
export interface CredentialCall {
  readonly value: string;
  /** Offset of the value in the text. */
  readonly start: number;
  /** `getConnection`, `auth=`, `login`. */
  readonly call: string;
}

/** The literal passwords passed to well-known APIs in `text` (source code). */
export function* credentialCalls(text: string): Generator<CredentialCall> {
  // Plain substring searches first: the alternation costs a regex step at every
  // position, and most code calls none of these APIs.
  if (!CALL_NAMES.some((name) => text.includes(name))) return;
  for (const match of text.matchAll(CREDENTIAL_CALL)) {
    const value = match[1] ?? match[2] ?? match[3] ?? match[4]!;
    const call = match[0].slice(0, match[0].indexOf('(')).replace(/^[.\s]+/, '').replace(/\s+/g, '');
    yield { value, start: match.index + match[0].lastIndexOf(value), call };
  }
}
