/**
 * Which keys of a Kubernetes object hold secrets. Matched on the key as written
 * (`password`, `DB_PASSWORD`, `apiKey`, `tls.key`, `.dockerconfigjson`).
 */

const SECRET_KEY =
  /pass(?:word|wd|phrase)?(?:$|[^a-z])|^pass|pwd|secret|token|credential|private[_.-]?key|api[_.-]?key|apikey|access[_.-]?key|^auth$|auth[_.-]?(?:key|secret|pass)|(?:^|[_.-])key$|^key$|[a-z]Key$|_KEY(?:$|_)|\.key$|dsn$|connection[_.-]?string|\.htpasswd|\.pgpass|\.netrc|jks$|keystore|\.p12$|\.pfx$/i;

/** Public material that lives beside keys: certificates, CA bundles, public keys. */
const PUBLIC_KEY = /(?:^|[._-])(?:crt|cert|certificate|ca|ca-bundle|pub|public[_-]?key|pubkey)(?:$|[._-])|\.pub$|\.crt$|\.pem\.pub$|certificate-authority-data$|^ca\.|^tls\.crt$|key[_-]?id$|keyref$|key[_-]?name$|token[_-]?(?:url|uri|endpoint|file|path|type|ttl|audience)$|secret[_-]?(?:name|ref|key[_-]?ref|store)$|auth[_-]?(?:url|uri|type|method|mode|provider|header)$/i;

/** Names that say the value is where a secret lives, or something about it, not the secret. */
const REFERENCE_KEY = /[_.-](?:file|path|dir|url|uri|host|hostname|port|user|username|name|id|ref|env|length|len|size|ttl|expiry|expires|enabled|version|mode|type)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !PUBLIC_KEY.test(key) && !REFERENCE_KEY.test(key);
}
