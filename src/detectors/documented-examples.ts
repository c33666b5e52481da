/**
 * Values that standards and provider documentation print as examples. They are
 * copied into code, tests and READMEs everywhere and open nothing, so no
 * detector reports them. Provider-specific examples whose shape says so
 * (`AKIAIOSFODNN7EXAMPLE`) are left to their rule's `allow` list.
 */
const DOCUMENTED_EXAMPLES = new Set([
  // RFC 6749 (OAuth 2.0), sections 2.3.1, 4.1.2 and 5.1: client secret (also as HTTP Basic credentials), code, tokens.
  'czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  '7Fjfp0ZBr1KtDRbnfVdmIw',
  'SplxlOBeZQQYbYS6WxSbIA',
  '2YotnFZFEjr1zCsicMWpAA',
  // RFC 6749, sections 4.3.2 and 4.4.2: client secret, and as HTTP Basic credentials.
  'gX1fBat3bV',
  'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  // RFC 6750 (bearer tokens), section 2.1.
  'mF_9.B5f-4.1JqM',
  // RFC 5849 (OAuth 1.0), sections 1.2 and 3.5.1: consumer key and secret, tokens and token secrets.
  'dpf43f3p2l4k3l03',
  'kd94hf93k423kf44',
  'hh5s93j4hdidpola',
  'hdhd0244k9j7ao03',
  'nnch734d00sl2jdk',
  'pfkkdhi9sl3r4s00',
  '0685bd9184jfhq22',
  'ad180jjd733klru7',
  // jwt.io's default token (HS256, signed with "your-256-bit-secret"), in countless READMEs and tests.
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  // The example password of Redis's own redis.conf (`requirepass foobared`).
  'foobared',
  // Oracle's demonstration schema, scott/tiger, the example login of SQLAlchemy's and many drivers' docs.
  'tiger',
]);

export function isDocumentedExample(secret: string): boolean {
  return DOCUMENTED_EXAMPLES.has(secret);
}
