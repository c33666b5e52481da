/**
 * The generic detector's verdict: each candidate (a name and a value found in a
 * form of `candidate-forms`) ends with one named reason, the one that settled
 * it. Detectors return the reason's code only (a string, no allocation on the hot
 * path); the words below are for `leakgate explain`.
 */

/** Why a candidate was not reported. */
export const NOT_REPORTED = {
  'empty': 'an empty value is never a secret',
  'boolean': 'a boolean is never a secret',
  'number': 'a number is never a secret',
  'command': 'a shell command substitution ($(…), `…`) reads the secret when it runs; the value is not in the file',
  'template': 'a template expression ({{ … }}, .Values.x, ${X}) is filled in when it is rendered',
  'template-action': 'the line is a template action ({{ … }}); what it assigns is an expression',
  'hash': 'a password hash (bcrypt, sha-crypt, argon2, apr1) is what a server stores instead of the password',
  'public-key': 'a key that is public by design (PostHog phc_, Stripe pk_, Firebase web configuration, Sentry DSN)',
  'placeholder': 'a placeholder stands for a value to be filled in',
  'reference': 'a reference to where the secret lives (an environment variable, a setting, a YAML tag)',
  'format': 'a UUID, version, date, digest or URN, not a secret',
  'path': 'a file name, path or URL says where something is, not what',
  'prose': 'words separated by spaces are prose',
  'code': 'an expression or a regular expression, not a literal',
  'shell-alternate': 'what a shell expansion gives when the variable is set (`${NAME:+word}`) or its error message (`${NAME:?message}`), not the variable\u2019s value',
  'identifier': 'a name made of words, not a random value',
  'sequential': 'a run of consecutive or repeated characters is filler',
  'encoded-text': 'base64 of plain text or of a public key or certificate',
  'stand-in': 'a word that says what the value is for (dbpassword, auth_token) stands in for it',
  'spaces': 'outside configuration a value with spaces is a message',
  'ciphertext': 'encrypted for the CI service (a Travis CI secure: value)',
  'charset': 'it holds characters that random tokens do not use',
  'too-short': 'too short to be a random token under this name',
  'low-entropy': 'not random enough for a token (entropy below the threshold)',
  'name-reference': 'the name refers to a secret (names a Secret, the key inside it, or the file it is read from); it does not hold one',
  'name-setting': 'the name is a setting or a switch about a secret, not the secret',
  'name-public': 'the name says the value is public or a digest of something',
  'name-neutral': 'the name does not say it holds a secret',
  'markup-key': 'in markup a bare key element names things',
  'file-lock': 'a lock file holds hashes of packages, not secrets',
  'file-name-service': 'a name-service file names databases, not secrets',
  'file-translation': 'a translation file holds prose in some language',
} as const;

/** Why a candidate was reported. */
export const REPORTED = {
  'password': 'a value assigned to a password\u2019s name',
  'random': 'random enough to be a credential (entropy at or above the threshold)',
  'short-mixed': 'a short value mixing letters, digits and symbols under a secret\u2019s name',
  'secret-key': 'a literal value under a secret\u2019s key',
} as const;

export type NotReported = keyof typeof NOT_REPORTED;
export type Reported = keyof typeof REPORTED;

/** One candidate and its verdict, as `leakgate explain` shows it. */
export interface Candidate {
  /** Offset of the value in the fragment's text. */
  readonly start: number;
  readonly name: string;
  readonly value: string;
  readonly reported: boolean;
  readonly reason: NotReported | Reported;
  /** The rule a reported candidate is reported under. */
  readonly ruleId?: string;
}

/** The plain words for a reason code. */
export function reasonText(candidate: Pick<Candidate, 'reported' | 'reason'>): string {
  return candidate.reported ? REPORTED[candidate.reason as Reported] : NOT_REPORTED[candidate.reason as NotReported];
}
