/**
 * False-positive filters shared by the detectors: values that look random, or sit
 * where a secret would, but are not credentials. The words they look for are in
 * `vocabulary.ts`.
 */
import type { NotReported } from './verdict.js';
import { PLACEHOLDER_MARKERS, PLACEHOLDER_VALUE, PLACEHOLDER_WORDS, valueKind } from './vocabulary.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `2016-09-08`, `2016-09-08T21:47:36Z`: a date, as `PasswordLastUsed` holds. */
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** `urn:ietf:params:oauth:grant-type:jwt-bearer`: a name (RFC 8141). */
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:/i;
/** `.credentiallistresponse`: a module path relative to a package. */
const RELATIVE_MODULE = /^\.{1,2}[a-z_][\w.]*$/;
/** `1.2.3`, `v2.0.1-rc4`, `10.4+build.7`: a version. */
const VERSION = /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/;
/** Integrity strings and digests: SRI (`sha512-...`), image digests (`sha256:...`), go.sum (`h1:...`). */
const DIGEST = /^(?:sha(?:1|224|256|384|512)[-:]|md5[-:]|h1:)[A-Za-z0-9+/=_-]+$/i;
/**
 * `${X}`, `{{ .X }}`, `<x>`, `%(x)s`, `%s`, `{}`, `{0}`, `#{x}`, `$X`, `%X%`, `@X@`, and
 * a whole value that is one name in single braces, `{ENV_NAME}` or `{db_password}`
 * (substituted by CI and deployment tools, Python's `str.format`): in one case,
 * its words joined by `_` or `.`, which a password in braces seldom is.
 */
const TEMPLATE =
  /\$\{[^}]*\}|\{\{.*\}\}|^<[^>]*>$|%\([\w.]+\)s|%[sdr]|\{\d*\}|#\{[^}]*\}|^\$[A-Za-z_][\w:]*$|^%[A-Za-z_]\w*%$|^@[A-Za-z_]\w*@$|\$\(\w+\)|^\{(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+)\}$/;
/** References to where the secret really lives: `process.env.X`, `os.environ["X"]`, `config.get(...)`. */
const REFERENCE =
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|env|ENV|System\.getenv|Environment\.GetEnvironmentVariable|settings|config|secrets|vars|context|ctx|self|this|props|args|params|options|opts|data|values|Values)\b[.[(]/;
/** A dotted or called identifier in code: `this.config.apiKey`, `getToken`. */
const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
/**
 * Why `value` is not worth reporting as a secret whatever its entropy, or
 * undefined when it may be one. `words`: whether a plain word can be the secret
 * (a password can be `root`; a key or token made of words is an identifier).
 */
export function nonSecretValue(value: string, quoted: boolean, words = false, numberedNames = true): NotReported | undefined {
  // A value that starts or ends with a space is text between two quotes (`a=` (see `b`)), not a secret.
  if (value.length === 0) return 'empty';
  if (/^\s|\s$/.test(value)) return 'prose';
  const kind = valueKind(value);
  if (kind !== undefined) return kind;
  if (UUID.test(value) || DIGEST.test(value) || VERSION.test(value) || DATE.test(value) || URN.test(value)) return 'format';
  if (RELATIVE_MODULE.test(value)) return 'path';
  if (TEMPLATE.test(value)) return 'template';
  if (REFERENCE.test(value) || YAML_TAG.test(value)) return 'reference';
  if (PLACEHOLDER_WORDS.test(value) || PLACEHOLDER_MARKERS.test(value)) return 'placeholder';
  // A run like `12345678` is filler in a token, but a (weak) password is still a password.
  if ((!words && isSequential(value)) || isRepetitive(value)) return 'sequential';
  if (FILE_PATH.test(value) || URL.test(value)) return 'path';
  if (isProse(value)) return 'prose';
  if (CODE_FRAGMENT.test(value) || isRegexSource(value)) return 'code';
  // Unquoted in configuration, `config.db.password` is a reference; `MTk4.Cl2FMQ.ZnCj` (a dotted token) is not.
  if (!quoted && IDENTIFIER_PATH.test(value) && value.split('.').every((part) => !/[0-9]/.test(part))) return 'reference';
  if (/^__\w+__$/.test(value) || NOT_A_VALUE.test(value)) return 'code';
  if (FILE_NAME.test(value)) return 'path';
  if (PACKAGE_NAME.test(value) || SETTING_PATH.test(value)) return 'identifier';
  const nextKey = NEXT_KEY.exec(value);
  // Padded base64 has a length that is a multiple of 4; a name followed by `=` usually does not.
  if (nextKey && (value.length % 4 !== 0 || isWordIdentifier(nextKey[1]!))) return 'code';
  // `repository.$name.allow`, `_EllipticCurvePrivateKey`: names, once sigils are set aside.
  if (!words && isWordIdentifier(value.replace(/^[_$]+|[${}]/g, ''), numberedNames)) return 'identifier';
  return undefined;
}

/** `!Ref Password`, `!Sub ...`, `!vault |`: a YAML tag names where the value comes from. */
const YAML_TAG = /^![A-Za-z]/;

/**
 * What the assignment pattern mistakes for a value: `key::x` (a value that starts
 * with a separator), `password=` (the next key), `&#x3C;string>` (an HTML entity).
 */
const NOT_A_VALUE = /^[:=]|^&(?:#x?[0-9a-f]+|[a-z]+);?/i;
const NEXT_KEY = /^([A-Za-z_][\w.-]*)[:=]$/;
/** `@scope/package`, `@scope/package@^1.2`: an npm package, as module federation and import maps name them. */
const PACKAGE_NAME = /^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*(?:@[\w.^~<>=*|-]+)?$/i;
/** `access_logs.s3.enabled`, `spring.datasource.password`: a setting's dotted name. */
const SETTING_PATH = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_-]*)+$/;
/** `cakey.pem`, `$dir/private/tsakey.pem`, `git-credential-store.o`: a file, not its contents. */
const FILE_NAME = /^[\w./${}~-]*\.(?:pem|key|crt|cer|der|csr|p8|p12|pfx|jks|keystore|kdbx?|gpg|asc|json|ya?ml|toml|txt|conf|cfg|ini|env|properties|xml|c|h|o|obj|exe|dll|so|dylib|js|ts|py|rb|go|sh|csv|tsv|parquet|gz|zip|tgz|tar|png|jpe?g|gif|svg|html?|md|log|bin|dat|db|sqlite|wasm|whl|jar)$/i;

/** A URL: where a service is; credentials inside one are the connection-string rules' job. */
const URL = /^[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\//;
/** `/usr/local/x`, `./lib/a.js`, `~/.ssh/id`, `C:\\x`: where something is, not what. */
const FILE_PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|\$\{?\w+\}?[/\\])[^\s]*$/;
/** A string built from code: `" + (x) + "`, `${...}` leftovers, `?.`, `!this.`. */
const CODE_FRAGMENT = /\s\+\s|\?\.|^!?this\.|\/\*|\*\/|=>|\(\)|&&|\|\|/;

/** `(?:"…")\\s*[,)]`: two or more regex constructs make a pattern's source, not a password. */
const REGEX_CONSTRUCT = /\(\?[:=!<]|\\[swdbSWDB]|\[\^|\{\d+,\d*\}/g;
function isRegexSource(value: string): boolean {
  return (value.match(REGEX_CONSTRUCT)?.length ?? 0) >= 2;
}

/** Words separated by spaces ("Password used to generate key", "top secret"): prose, not a credential. */
export function isProse(value: string): boolean {
  const words = value.trim().split(/\s+/);
  return words.length >= 2 && words.filter((word) => /^\p{L}[\p{L}'’,.:;!?-]*$/u.test(word)).length >= Math.max(2, words.length - 1);
}

/**
 * `camelCase`, `snake_case`, `kebab-case` names made of letters only: in code an
 * unquoted one is a variable, not a literal; random secrets almost always hold digits.
 */
export function isWordIdentifier(value: string, numbered = true): boolean {
  // A number or two inside a name (`Ipv6Cidr`, `S3AccessPoint`, `_blosc2_cache`,
  // `Mulero-2012`); a random string holds more runs of digits. Where a password is
  // expected, `Welcome-2024` is how people make one, so `numbered` is off there.
  const digitRuns = value.match(/[0-9]+/g)?.length ?? 0;
  if (!/^[A-Za-z][A-Za-z0-9_.@:/-]*$/.test(value) || digitRuns > (numbered ? 2 : 0)) return false;
  const words = value
    .split(/[_.@:/-]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .map((word) => word.replace(/[0-9]+/g, ''))
    .filter(Boolean);
  // One word and a digit is how people make passwords (`hunter2`), not names.
  if (words.length < 2 && /[0-9]/.test(value)) return false;
  // Random mixed case splits into many short "words" (`iCm8twEblXAZOV6DQ…`: i, Cm, tw, Ebl…);
  // names' words are longer. Measured on 10,201 identifiers of 20 to 60 characters from
  // installed packages: none is as short on average, but 1 in 20 random 24-character
  // base62 strings was taken for a name before (1 in 50 now; 1 in 90 of 32 characters).
  if (value.length >= 16 && words.reduce((letters, word) => letters + word.length, 0) < 3 * words.length) return false;
  // Words have vowels; short all-capital words are acronyms (`TS`, `HTTP`), and a
  // short one among real words is an abbreviation (`mlInputChannels`, `HsmConfigurations`).
  const real = words.filter((word) => (word.length >= 2 && /[aeiouy]/i.test(word)) || /^[A-Z]{1,5}$/.test(word)).length;
  const abbreviations = words.filter((word) => word.length <= 4 && !/[aeiouy]/i.test(word)).length;
  return real === words.length || (real >= 1 && real + abbreviations === words.length && abbreviations <= real);
}

/** `abcdefgh`, `12345678`, `0123456789abcdef`: mostly ascending or descending runs. */
export function isSequential(value: string): boolean {
  if (value.length < 6) return false;
  let steps = 0;
  for (let i = 1; i < value.length; i++) {
    const delta = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (delta === 1 || delta === -1) steps++;
  }
  return steps / (value.length - 1) >= 0.7;
}

/** Few distinct characters for the length: `aaaaaaaa`, `abababab`. */
export function isRepetitive(value: string): boolean {
  // Capped at 8 distinct: a long hex key (`secret_key_base`, 128 characters) uses all 16 hex digits.
  return value.length >= 8 && new Set(value).size <= Math.max(2, Math.min(8, Math.floor(value.length / 8)));
}

/** SOPS-encrypted values: `ENC[AES256_GCM,data:...,type:str]`. */
const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,data:/;

/**
 * For values that sit where a secret is expected (a Kubernetes Secret, a
 * container's PASSWORD variable): only empty values, booleans, numbers, hashes,
 * public keys, templates, references and documented placeholders are not secrets. A weak password is still a password.
 */
export function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0 || valueKind(trimmed) !== undefined) return true;
  if (TEMPLATE.test(trimmed) || REFERENCE.test(trimmed) || SOPS_VALUE.test(trimmed)) return true;
  return PLACEHOLDER_VALUE.test(trimmed) || PLACEHOLDER_MARKERS.test(trimmed);
}

/**
 * A token that matches a provider's format but was written by hand for
 * documentation or tests: it holds a run of eight or more consecutive or
 * repeated characters (`abcdefgh`, `98765432`, `xxxxxxxx`) or the word
 * "example". A random token of these formats has such a run with negligible
 * probability.
 */
export function looksHandWritten(secret: string): boolean {
  if (/example/i.test(secret)) return true;
  // Long tokens hold runs of base64 `A`s (zero bytes); only the word counts there.
  if (secret.length > 256) return false;
  let ascending = 1;
  let descending = 1;
  let repeated = 1;
  for (let i = 1; i < secret.length; i++) {
    const delta = secret.charCodeAt(i) - secret.charCodeAt(i - 1);
    ascending = delta === 1 ? ascending + 1 : 1;
    descending = delta === -1 ? descending + 1 : 1;
    repeated = delta === 0 ? repeated + 1 : 1;
    if (ascending >= 8 || descending >= 8 || repeated >= 8) return true;
  }
  return false;
}

/** Fewer base64 characters than the smallest private key of any armour: an Ed25519 or X25519 key in PKCS#8 is 48 bytes, 64 characters. */
const SMALLEST_KEY_BODY = 64;

/**
 * An armoured private key (`-----BEGIN ... PRIVATE KEY-----`) whose body is too
 * short to hold any key: a stand-in written for a test or a README. Still
 * reported, since the block is what a real key looks like when committed.
 */
export function isStubKeyBlock(secret: string): boolean {
  if (!secret.includes('-----')) return false;
  const body = secret.replace(/-----[^-]+-----|\\[nr]|[^A-Za-z0-9+/=]/g, '');
  return body.length < SMALLEST_KEY_BODY;
}
