/**
 * The generic detector's vocabulary: what a name says about its value, what a
 * value is when it is not a secret, and what kind of file holds it. Every
 * detector that asks "is this name secret-like", "is this a placeholder" or
 * "what kind of file is this" asks here, so a change to the words is made once
 * and `leakgate explain` can name the entry that decided.
 */

// --- Names -----------------------------------------------------------------------
// Names are matched in snake form: lower case, camelCase split with `_`
// (`existingSecretPasswordKey` → `existing_secret_password_key`).

/** Names that hold credentials. */
const SECRET_HOLDING_NAME =
  /password|passwd|passphrase|(?:^|[_.-])pass(?:[_.-]\w{1,2})?$|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|client[_.-]?secret|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key|bearer|(?:^|[_.-])key$|(?:^|[_.-])psk$|salt$|(?:^|[_.-])auth$/;
/** Names that leave no doubt, for values too short to judge by entropy. */
const STRONG_SECRET_NAME = /secret|token|(?:^|[_.-])psk$|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|privatekey|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key/;
/** Names of passwords: a plain word there is still a password (`password: root`). */
const PASSWORD_NAME = /password|passwd|passphrase|passcode|pwd$|(?:^|[_.-])pass(?:[_.-]\w{1,2})?$/;
/** What a line must contain to hold any secret-holding name (a cheap prefilter, any case). */
export const SECRET_NAME_HINT = /pass|pwd|secret|token|key|credential|bearer|auth(?!ent|or(?!iz))|curl|mysql|masterauth|securestring|psk|docker login|podman login|salt/;

/**
 * Names that refer to a secret instead of holding it: the name of a Kubernetes
 * Secret (`existingSecret`, `tlsSecretName`), the key inside it that holds the
 * password (`existingSecretPasswordKey`, `userPasswordKey`), a reference
 * (`secretKeyRef`, `passwordRef`), or where the secret is read from at run time
 * (`REDIS_PASSWORD_FILE`, `keystorePath`).
 */
const REFERENCE_NAME = new RegExp(
  [
    '^existing_?secret', // existingSecret, existingSecretPasswordKey, existing_secret_name
    '(?:^|_)secret_?(?:name|names|ref|refs|key_?ref|store|provider|class|mount|volume|dir|prefix|suffix)$', // tlsSecretName, secretStore
    '(?:^|_)(?:password|passwd|pass|keystore|truststore|salt|username|id)_(?:secret_)?key$', // adminPasswordKey, truststorePasswordSecretKey, accessKeyIdKey
    '_secret_(?:keystore|truststore|password|user|token)_key$', // passwordsSecretKeystoreKey
    '(?:^|_)key_?ref$|_ref$|_refs$', // secretKeyRef, passwordRef
    '(?:file|path|filename|dir|location|env|var)$', // REDIS_PASSWORD_FILE, keystorePath, keyfile
  ].join('|'),
);

/** Names of switches and settings about a secret: `createSecret`, `automountServiceAccountToken`, `password_length`. */
const SETTING_NAME = new RegExp(
  [
    '^(?:is|has|should|use|show|enable|enabled|disable|validate|check|create|force|allow|automount|generate|skip|require)(?:_|$)',
    '(?:_|\\b|[a-z])(?:type|length|len|count|size|min|max|url|uri|endpoint|name|id|ttl|expir\\w*|timeout|header|prefix|suffix|format|policy|field|label|hint|regex|pattern|enabled|required|optional|mode|version|encryption|method|algorithm|algo|alg|scheme|cipher|strategy|provider|backend|handler|store|storage|source|reset|strength|complexity|history|lifetime|rotation|used|date|time|timestamp|changed|updated|created|annotations?|labels?|checksum_annotations|fullchain|full_chain|release_name|alg)$',
    '(?:^|_)num_?tokens?$|(?:^|_)tokens?_?(?:count|limit|budget|max|usage)$',
    '(?:^|_)(?:next|page|continuation|pagination|sync|resume|change)_?token$',
    '(?:^|_)(?:cache|sort|partition|primary|foreign|row|idempotency|lookup|dedup|routing|shard|index|group|object|bucket|s3|dict|map|message|translation|i18n|label|tag|metric|event|state|query|annotation|instance_label|selector|hash)_?key$',
  ].join('|'),
);

/**
 * Names of values that are digests or public halves of something (a hashed secret
 * is not the secret), or addresses (`BeeTokenAddress`, `TOKEN_CONTRACT_ADDRESS`: a
 * contract or wallet address is public, as a host's is).
 */
const PUBLIC_NAME = /hash|digest|checksum|fingerprint|integrity|public|publishable|(?:^|_)(?:sha\d*|md5)(?:_|$)|(?:^|_)(?:address|addresses|addr)$/;

export type NameClass = 'secret' | 'password' | 'reference' | 'setting' | 'public' | 'neutral';

export interface ClassifiedName {
  /** The name lower-cased, camelCase split with `_`. */
  readonly snake: string;
  readonly kind: NameClass;
}

/** `existingSecretPasswordKey` → `existing_secret_password_key`; `accessKeyIDKey` → `access_key_id_key`. */
export function snakeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** What a name says its value is. */
export function classifyName(name: string): ClassifiedName {
  const snake = snakeName(name);
  if (REFERENCE_NAME.test(snake)) return { snake, kind: 'reference' };
  if (SETTING_NAME.test(snake)) return { snake, kind: 'setting' };
  if (PUBLIC_NAME.test(snake)) return { snake, kind: 'public' };
  if (PASSWORD_NAME.test(snake)) return { snake, kind: 'password' };
  return { snake, kind: SECRET_HOLDING_NAME.test(snake) ? 'secret' : 'neutral' };
}

/** Whether a name (as written) is a password's. */
export function isPasswordName(name: string): boolean {
  return PASSWORD_NAME.test(name.toLowerCase());
}

/** Whether a (snake) name leaves no doubt that it holds a secret. */
export function isStrongSecretName(snake: string): boolean {
  return STRONG_SECRET_NAME.test(snake) || PASSWORD_NAME.test(snake);
}

/**
 * Which keys of a Kubernetes object hold secrets, matched on the key as written
 * (`password`, `DB_PASSWORD`, `apiKey`, `tls.key`, `.dockerconfigjson`). Wider than
 * `classifyName` (a Secret's `data` keys are file names: `tls.key`, `keystore.jks`),
 * and narrowed by the same reference and setting names.
 */
const SECRET_KEY =
  /pass(?:word|wd|phrase)?(?:$|[^a-z])|^pass|pwd|secret|token|credential|private[_.-]?key|api[_.-]?key|apikey|access[_.-]?key|^auth$|auth[_.-]?(?:key|secret|pass)|(?:^|[_.-])key$|^key$|[a-z]Key$|_KEY(?:$|_)|\.key$|dsn$|connection[_.-]?string|\.htpasswd|\.pgpass|\.netrc|jks$|keystore|\.p12$|\.pfx$/i;
/** Public material that lives beside keys: certificates, CA bundles, public keys. */
const PUBLIC_KEY = /(?:^|[._-])(?:crt|cert|certificate|ca|ca-bundle|pub|public[_-]?key|pubkey)(?:$|[._-])|\.pub$|\.crt$|\.pem\.pub$|certificate-authority-data$|^ca\.|^tls\.crt$|key[_-]?id$|keyref$|key[_-]?name$|token[_-]?(?:url|uri|endpoint|file|path|type|ttl|audience)$|secret[_-]?(?:name|ref|key[_-]?ref|store)$|auth[_-]?(?:url|uri|type|method|mode|provider|header)$/i;
/** Names that say the value is where a secret lives, or something about it, not the secret. */
const REFERENCE_KEY = /[_.-](?:file|path|dir|url|uri|host|hostname|port|user|username|name|id|ref|env|length|len|size|ttl|expiry|expires|enabled|version|mode|type)$/i;

export function isSecretKey(key: string): boolean {
  if (!SECRET_KEY.test(key) || PUBLIC_KEY.test(key) || REFERENCE_KEY.test(key)) return false;
  // A camelCase key of configuration (Helm values): its words say what it is.
  if (/[a-z][A-Z]/.test(key)) {
    const kind = classifyName(key).kind;
    return kind !== 'reference' && kind !== 'setting' && kind !== 'public';
  }
  return true;
}

// --- Values ------------------------------------------------------------------------

/** Words that people write where a secret should go. */
export const PLACEHOLDER_WORDS =
  /^(?:changeme|change[_-]?me|change[_-]?this|replace[_-]?me|your[_-]?[\w-]+|my[_-]?(?:password|secret|token|api[_-]?key)|example\w*|sample\w*|dummy\w*|fake\w*|test(?:ing)?|placeholder\w*|redacted|secret|password|passwd|token|anonymous|none|null|nil|undefined|true|false|todo|tbd|xxx+|\*+|\.+|-+|_+|string|str|text|value|bool(?:ean)?|int(?:eger)?|number|bytes|varchar|char|blob|any|object)$/i;
/**
 * Marks of a placeholder anywhere in a value, including values that describe
 * themselves instead of being a secret (`base64encodedaccountkey`, `this-is-not-a-valid-key`).
 */
export const PLACEHOLDER_MARKERS =
  /(?:x{4,}|X{4,}|\*{3,}|0{6,}|\.{3}|…|(?:your|insert|enter|replace|put)[_-]?(?:your[_-]?)?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password)|EXAMPLE|REDACTED|PLACEHOLDER|CHANGEME|example\.com|base64[_-]?encoded|not[_-]?a[_-]?(?:valid|real)[_-]?)/i;
/**
 * What a pattern rule's secret group may catch that stands for a value: a
 * variable or template (`${REDIS_PASSWORD:-}`, `{{ .Values.x }}`), or a name in
 * capitals that says what goes there (`PERSONAL_ACCESS_TOKEN`, `DB_PASSWORD`).
 */
const STAND_IN = /^(?:\$\{[^}]*\}|\{\{[^}]*\}\}|\$[A-Z_][A-Z0-9_]*|[A-Z]+(?:_[A-Z]+)+|<[^>]+>)$/;

export function isStandIn(secret: string): boolean {
  return STAND_IN.test(secret);
}
/** Words documented as "put your own value here", where any other word would be a (weak) password. */
export const PLACEHOLDER_VALUE =
  /^(?:changeme|change[_-]?me|change[_-]?it|change[_-]?this|replace[_-]?me|to[_-]?be[_-]?replaced|your[_-]?[\w-]*|placeholder\w*|example\w*|sample\w*|dummy\w*|fake\w*|redacted|value|none|null|nil|undefined|todo|tbd|x+|\*+|\.+|-+|_+|<[^>]*>)$/i;

/** `true`, `False`, `yes`, `off`: YAML 1.1 and most configuration formats' booleans. */
const BOOLEAN = /^(?:true|false|yes|no|on|off)$/i;
/**
 * `256`, `6379`, `-1`, `0.5`, `1e6`, `0x1F`, `1700000000000`: a number. At most 13
 * digits (a timestamp in milliseconds): a longer run of digits is a numeric token.
 */
const NUMBER = /^[+-]?(?:\d{1,13}(?:\.\d+)?(?:e[+-]?\d+)?|0x[0-9a-f]{1,16})$/i;
/**
 * A shell command substitution, run where the secret is read: `$(< $X_FILE)`,
 * `$(kubectl get secret …)`, `` `cat /run/secrets/x` ``.
 */
const COMMAND_SUBSTITUTION = /^\$\(|^`[^`]*`$/;
/** A Go/Helm template expression or action: `.Values.auth.password`, `$.Values.x`, `{{ … }}`, `{{- … -}}`. */
const GO_TEMPLATE = /^\$?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\{\{-?\s|\{\{\.|^\{\{/;
/**
 * Password hashes: what a server stores instead of the password, safe to commit
 * (bcrypt `$2a$`/`$2b$`/`$2y$`, sha512/sha256/md5-crypt `$6$`/`$5$`/`$1$`, Apache
 * `$apr1$`, argon2 and scrypt in PHC format, yescrypt `$y$`), also after `user:` as
 * in an htpasswd line.
 */
const PASSWORD_HASH =
  /^(?:[\w.@-]{1,64}:)?(?:\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}|\$(?:1|5|6|apr1)\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|\$scrypt\$[^\s$]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|\$y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{43})$/;
/**
 * Keys that are public by design, shipped to browsers and apps: PostHog project
 * keys (`phc_`), Stripe publishable keys (`pk_live_`, `pk_test_`), Firebase web
 * configuration (`AIza` keys, restricted by the project's rules, see
 * firebase.google.com/docs/projects/api-keys), and Sentry DSNs (the public key of a
 * project, see docs.sentry.io/concepts/key-terms/dsn-explainer/).
 */
const PUBLIC_BY_DESIGN = /^(?:phc_[A-Za-z0-9]{20,}|pk_(?:live|test)_[A-Za-z0-9]{10,}|https?:\/\/[0-9a-f]{32}@[\w.-]*sentry\.io\/\d+|https?:\/\/[0-9a-f]{32}@o\d+\.ingest\.[\w.-]+\/\d+)$/;
/** An armoured key with nothing inside: `-----BEGIN RSA PRIVATE KEY-----` then `-----END …`. */
const EMPTY_ARMOUR = /^-----BEGIN [A-Z ]+-----\s*-----END [A-Z ]+-----$/;

/** What a value is, when that settles that it is not a secret; undefined when only entropy can tell. */
export type ValueKind = 'empty' | 'boolean' | 'number' | 'command' | 'template' | 'hash' | 'public-key';

/** The kinds of value that are never findings, whatever the name or the file. */
export function valueKind(value: string): ValueKind | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0 || EMPTY_ARMOUR.test(trimmed)) return 'empty';
  if (trimmed.length <= 5 && BOOLEAN.test(trimmed)) return 'boolean';
  if (trimmed.length <= 40 && NUMBER.test(trimmed)) return 'number';
  if (COMMAND_SUBSTITUTION.test(trimmed)) return 'command';
  if (GO_TEMPLATE.test(trimmed)) return 'template';
  if (trimmed.includes('$') && PASSWORD_HASH.test(trimmed)) return 'hash';
  if (PUBLIC_BY_DESIGN.test(trimmed)) return 'public-key';
  return undefined;
}

/** A Firebase web configuration: its `apiKey` identifies the project to Google and is public by design. */
export function isFirebaseWebKey(value: string, text: string): boolean {
  return value.startsWith('AIza') && (text.includes('firebaseapp.com') || text.includes('authDomain'));
}

// --- Files -------------------------------------------------------------------------

/**
 * Source code, where an unquoted right-hand side is an expression (`token =
 * getToken()`, `type A = B$1`), never a literal secret: only quoted values count.
 * In config formats (.env, YAML, INI, properties) unquoted values are literals.
 */
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|d\.[cm]?ts|pyi?|rb|go|java|kt|kts|scala|cs|php|rs|swift|c|cc|cpp|cxx|h|hpp|hxx|ipp|inl|m|mm|dart|lua|ex|exs|erl|clj|groovy|vue|svelte|pl|pm|vim|tcl|r|jl|hs|ml|fs|vb|coffee|nim|zig|sql|mk|sip|pyx|pxd|map|ps1|psm1)$|(?:^|\/)(?:GNU)?[Mm]akefile$/i;
/** Prose formats: a word after `password:` there is usually explanation, not a password. */
const DOC_FILE = /\.(?:md|markdown|mdx|rst|adoc|txt|html?)$/i;
/** `~/.netrc`, `_netrc`: `machine … login … password …`. */
const NETRC_FILE = /(?:^|\/)[._]netrc$/;
/** `Dockerfile`, `Dockerfile.prod`, `app.dockerfile`, `Containerfile`. */
const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:docker|container)file$/i;
/** Files whose random-looking strings are hashes, not secrets. */
const LOCK_FILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|go\.sum|Cargo\.lock|poetry\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|Podfile\.lock|packages\.lock\.json|flake\.lock|mix\.lock|pubspec\.lock|gradle\.lockfile|uv\.lock)$/;
/** System files whose `passwd:`-style keys name databases, not secrets (`passwd: files systemd`). */
const NAME_SERVICE_FILE = /(?:^|\/)nsswitch\.conf$/;
/**
 * Translation catalogues: gettext `.po`/`.pot`, and JSON/YAML/properties under a
 * locale folder or named by a locale (`locales/de.json`, `i18n/fr-FR.yaml`,
 * `messages_de.properties`). Their values are prose in some language.
 */
const TRANSLATION_FILE =
  /\.(?:po|pot|xliff|xlf)$|(?:^|\/)(?:locales?|i18n|l10n|translations?|lang|langs|languages)\/(?:[\w-]+\/)*[\w.-]+\.(?:json|ya?ml|properties|toml|ini|strings)$|(?:^|\/)(?:messages|strings|translations?)[_.-][a-z]{2}(?:[_-][A-Za-z]{2,4})?\.(?:json|ya?ml|properties)$/;
/** Files whose unquoted values run to the end of the line (see `FileKind.lineValues`). */
const LINE_VALUE_FILE = /\.(?:ya?ml|env|properties|ini)$|^\.env(?:\.[\w.-]+)?$/i;
export interface FileKind {
  /** Source code: only quoted values are literals. */
  readonly code: boolean;
  /** Configuration: a plain word can be a password. */
  readonly words: boolean;
  readonly netrc: boolean;
  readonly pgpass: boolean;
  readonly dockerfile: boolean;
  /**
   * YAML, dotenv, Java properties and INI: a key's unquoted value is the rest of
   * its line (up to a ` #` comment), `(`, `,` and `;` included.
   */
  readonly lineValues: boolean;
  /** A lock file or a system name-service file: the generic detector does not read it. */
  readonly unread: 'lock' | 'name-service' | 'translation' | undefined;
}

/** What a file's path says about how to read it. */
export function fileKindOf(path: string): FileKind {
  // Tested on the file name alone where possible: a history asks this for every file of every commit.
  const name = path.slice(path.lastIndexOf('/') + 1);
  const code = CODE_FILE.test(name);
  const unread = LOCK_FILE.test(name) ? 'lock' : name === 'nsswitch.conf' && NAME_SERVICE_FILE.test(path) ? 'name-service' : TRANSLATION_FILE.test(path) ? 'translation' : undefined;
  return {
    code,
    // A plain word is a plausible password only in configuration (`password: root`).
    words: !code && !DOC_FILE.test(name),
    netrc: name.endsWith('netrc') && NETRC_FILE.test(name),
    // `~/.pgpass`: `host:port:database:user:password` a line.
    pgpass: name === '.pgpass',
    dockerfile: /ockerfile|ontainerfile/i.test(name) && DOCKERFILE.test(name),
    lineValues: LINE_VALUE_FILE.test(name),
    unread,
  };
}
