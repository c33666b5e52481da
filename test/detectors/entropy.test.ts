import { describe, expect, it } from 'vitest';
import { IGNORE_CONTEXT } from '../../src/detectors/detector.js';
import { entropyDetector } from '../../src/detectors/entropy.js';
import { isSequential, isWordIdentifier, looksHandWritten } from '../../src/detectors/filters.js';
import { password, randomBase62 } from '../helpers/secrets.js';

const detector = entropyDetector();
const detect = (fragment: { path: string; text: string }) => detector(fragment, IGNORE_CONTEXT);
const secretsIn = (text: string, path = 'config/settings.conf'): string[] => detect({ path, text }).map((f) => f.secret);

const KEY = randomBase62(32, 99);
const PASSWORD = password(5);
const HEX = '4f9a8c7e6d5b4a3f2e1d0c9b8a7f6e5d4c3b2a19';

describe('entropy detector', () => {
  it.each([
    [`api_key = "${KEY}"`, KEY],
    [`API_KEY=${KEY}`, KEY],
    [`"clientSecret": "${KEY}",`, KEY],
    [`  auth_token: ${KEY}`, KEY],
    [`const accessKey := "${KEY}"`, KEY],
    [`password: ${PASSWORD}`, PASSWORD],
    [`DB_PASSWORD='${PASSWORD}'`, PASSWORD],
    [`secret_key = '${HEX}'`, HEX],
    ['stringData: {password: mydbpass123}', 'mydbpass123'], // leakgate:allow (test input)
  ])('reports %j', (text, secret) => {
    expect(secretsIn(text)).toEqual([secret]);
  });

  it.each([
    'api_key = process.env.API_KEY',
    'token = os.environ["TOKEN"]',
    'const token = getToken(request)',
    'password: ${DB_PASSWORD}',
    'password: "{{ .Values.db.password }}"',
    'api_key: <your-api-key>',
    'api_key = "YOUR_API_KEY_HERE"',
    'password = "changeme"',
    'token = "xxxxxxxxxxxxxxxxxxxxxxxx"',
    'secret = "abcdefghijklmnopqrstuvwxyz"',
    'token = "0123456789abcdef0123456789"',
    'api_key = "6f1ed002-ab5d-42e2-96e9-6ea0f3d3f1b5"',
    'tokenLength = 32',
    'password_min_length: 12',
    'secretName: database-credentials',
    'passwordField = this.form.passwordInput',
    'token_url: https://auth.example.com/oauth/token',
    'token = "sha512-9T5bYjJp0o7vL8x3F2mQ1kR6nH4wZcE0aS7dUuI2yV5gB8tN3qP6rX1eW4oK9jL2mC5vB7nZ0xA3sD6fG9hJ1kQ=="',
    'const password = passwordInput.value',
  ])('ignores %j', (text) => {
    expect(secretsIn(text)).toEqual([]);
  });

  it('reads only quoted values in source code, where an unquoted value is an expression', () => {
    expect(secretsIn(`const apiKey = "${KEY}";`, 'src/client.ts')).toEqual([KEY]);
    expect(secretsIn(`apiKey = ${KEY}`, 'src/client.py')).toEqual([]);
    expect(secretsIn('type OpeningParenToken = OpeningParenToken$1;', 'index.d.ts')).toEqual([]);
    expect(secretsIn(`API_KEY=${KEY}`, 'deploy/.env')).toEqual([KEY]);
  });

  it.each([
    ['"passphrase": "Password used to generate key"'],
    ["password: 'top secret'"],
    ["PWD: '/Users/someone'"],
    ['"./lib/tokenize": "./lib/tokenize.js"'],
    ['password = " + ($passingSchemas) + "'],
    ['"passport": "passport-local"'],
    ['TSPrivateKeyword = "TSPrivateKeyword"'],
  ])('ignores prose, paths, code and identifiers: %s', (text) => {
    expect(secretsIn(text)).toEqual([]);
  });

  it('reports short or plain passwords with low confidence', () => {
    expect(detect({ path: 'cfn.yaml', text: '      MasterUserPassword: root' }).map((f) => [f.secret, f.confidence])).toEqual([['root', 'low']]);
    expect(detect({ path: 'a.py', text: 'password = "short1"' }).map((f) => [f.secret, f.confidence])).toEqual([['short1', 'low']]);
    expect(secretsIn('MasterUserPassword: !Ref PasswordMaster')).toEqual([]);
    expect(secretsIn('bypass: yes')).toEqual([]);
    // A sequential run is filler in a token but a weak password in configuration.
    expect(detect({ path: 'config.ini', text: 'password = 123456789a1234' }).map((f) => [f.secret, f.confidence])).toEqual([['123456789a1234', 'low']]);
    expect(secretsIn('api_token = "0123456789abcdef0123456789"')).toEqual([]);
  });

  it('reads every variable of a dotenv file, with a stricter threshold for names that say nothing', () => {
    const value = randomBase62(40, 77);
    expect(secretsIn(`SESSION_SALT_X=${value}\nNODE_ENV=production\nBUILD_ID=20240101`, 'deploy/.env.production')).toEqual([value]);
    expect(secretsIn(`SESSION_SALT_X=${value}`, 'config/settings.conf')).toEqual([]);
    expect(secretsIn('CACHE_DIR=/var/cache/app-0123456789abcdef', '.env')).toEqual([]);
  });

  it('never looks inside lock files', () => {
    expect(secretsIn(`"token": "${KEY}"`, 'package-lock.json')).toEqual([]);
    expect(secretsIn(`token: ${KEY}`, 'sub/pnpm-lock.yaml')).toEqual([]);
  });

  it('reports the exact span of the value and a rule per kind', () => {
    const text = `x = 1\n  api_key = "${KEY}"`;
    const [finding] = detect({ path: 'a.py', text });
    expect(text.slice(finding!.start, finding!.end)).toBe(KEY);
    expect(finding!.ruleId).toBe('generic-secret');
    expect(detect({ path: 'a.py', text: `password = "${PASSWORD}"` })[0]!.ruleId).toBe('generic-password');
  });
});

describe('filters', () => {
  it('tells word identifiers from random strings', () => {
    expect(isWordIdentifier('databaseCredentials')).toBe(true);
    expect(isWordIdentifier('api_secret_name')).toBe(true);
    expect(isWordIdentifier('Zx8kP2mQ9vL4nR7t')).toBe(false);
    expect(isWordIdentifier('kdjfhgqzpwx')).toBe(false);
  });

  it('recognises sequential runs', () => {
    expect(isSequential('abcdefgh')).toBe(true);
    expect(isSequential('987654321')).toBe(true);
    expect(isSequential('a8Kd02mZ')).toBe(false);
  });
});

describe('digests and hand-written tokens', () => {
  it('ignores digests assigned to secret-like names', () => {
    expect(secretsIn('"hashed_secret": "513e0a36963ae1e8431c041b744679ee578b7c44",')).toEqual([]);
    expect(secretsIn('password_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"')).toEqual([]);
  });

  it('tells hand-written example tokens from random ones', () => {
    expect(looksHandWritten('sk-sUeBP9asw6GiYHXqtg70abcdefghJuLwJFco90bOpU0N')).toBe(true);
    expect(looksHandWritten('dckr_pat_Example1234567890AbCdEfGhjK')).toBe(true); // leakgate:allow (test input)
    expect(looksHandWritten('xoxb-00000000-11111111')).toBe(true);
    expect(looksHandWritten(KEY)).toBe(false);
  });
});
