/**
 * The false-alarm classes found on public Helm and Kubernetes repositories, each
 * with the reason `leakgate explain` gives: none of them is a finding, and the
 * reason names the class.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/allowlist/config.js';
import { explain } from '../../src/commands/explain.js';
import { loadRuleFiles, PATTERNS_DIR } from '../../src/patterns/load.js';
import { classifyName, valueKind } from '../../src/detectors/vocabulary.js';
import { scanFragments } from '../helpers/engine.js';
import { password, randomBase62 } from '../helpers/secrets.js';

const rules = await loadRuleFiles(PATTERNS_DIR);
const KEY = randomBase62(40, 4242);
const HEX64 = Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(i * 7 + 3) % 16]).join('').replace(/^(.{10})/, '$1');
const B64 = (n: number, seed: number) => randomBase62(n, seed).replace(/[0-9]/g, '.');
/** Well-formed password hashes of each scheme (made up: no password hashes to them that anyone chose). */
const HASHES = {
  bcrypt: `$2b$12$${B64(53, 11)}`,
  bcryptY: `$2y$10$${B64(53, 12)}`,
  sha512crypt: `$6$${randomBase62(16, 13)}$${B64(86, 14)}`,
  apr1: `$apr1$${randomBase62(8, 15)}$${B64(22, 16)}`,
  argon2id: `$argon2id$v=19$m=65536,t=3,p=4$${randomBase62(22, 17)}$${randomBase62(43, 18)}`,
};

interface Case {
  readonly file: string;
  readonly text: string;
  readonly line: number;
  readonly reason: string;
}

/** Each class: a file, a line in it, and the reason that must settle the candidate on that line. */
const CLASSES: Record<string, readonly Case[]> = {
  'booleans under any name': [
    { file: 'charts/app/values.yaml', text: 'serviceAccount:\n  create: true\nautomountServiceAccountToken: true\n', line: 3, reason: 'boolean' },
    { file: 'charts/app/values.yaml', text: 'auth:\n  createSecret: false\n  usePassword: yes\n', line: 2, reason: 'boolean' },
    { file: 'config/app.env', text: 'ENABLE_TOKEN_AUTH=false\n', line: 1, reason: 'boolean' },
  ],
  'numbers under any name': [
    { file: 'charts/db/values.yaml', text: 'cassandra:\n  numTokens: 256\nvalkey: 6379\n', line: 3, reason: 'number' },
    { file: 'settings.ini', text: '[auth]\npassword_min_length = 12\ntoken = 86400\n', line: 3, reason: 'number' },
  ],
  'names and references of secrets': [
    { file: 'charts/argo/values.yaml', text: 'redis:\n  existingSecret: argocd-redis\n', line: 2, reason: 'name-reference' },
    { file: 'charts/argo/values.yaml', text: 'redis:\n  existingSecretPasswordKey: redis-password\n', line: 2, reason: 'name-reference' },
    { file: 'charts/pg/values.yaml', text: 'auth:\n  secretKeys:\n    adminPasswordKey: postgres-password\n', line: 3, reason: 'name-reference' },
    { file: 'charts/web/values.yaml', text: 'ingress:\n  tlsSecretName: web-tls\n', line: 2, reason: 'name-reference' },
    { file: 'charts/kafka/values.yaml', text: 'tls:\n  truststorePasswordSecretKey: truststore-password\n', line: 2, reason: 'name-reference' },
    { file: 'deploy/.env', text: `REDIS_PASSWORD_FILE=/run/secrets/${KEY}\n`, line: 1, reason: 'name-reference' },
    { file: 'charts/zk/values.yaml', text: 'tls:\n  keystorePath: /opt/certs/zookeeper.keystore.jks\n', line: 2, reason: 'name-reference' },
  ],
  'Helm template lines': [
    { file: 'charts/app/templates/secret.yaml', text: '{{- range $user, $password := .Values.auth.basicAuthUsers }}\n', line: 1, reason: 'template' },
    { file: 'charts/app/templates/secret.yaml', text: 'stringData:\n  password: "{{ .Values.auth.password }}"\n', line: 2, reason: 'template' },
  ],
  'a name in single braces, substituted by a deployment tool': [
    { file: '.vib/app/vib-publish.json', text: '{\n  "repository": {\n    "password": "{VIB_ENV_S3_PASSWORD}"\n  }\n}\n', line: 3, reason: 'template' },
    { file: 'deploy/settings.py', text: 'DATABASE_PASSWORD = "{db_password}"\n', line: 1, reason: 'template' },
  ],
  'a URL\'s host and port after its credentials': [
    { file: 'charts/rabbitmq/templates/statefulset.yaml', text: '  - |\n    apicheck.sh "http://{{ .Values.auth.username }}:$RABBITMQ_PASSWORD@127.0.0.1:15672/api/healthchecks/node"\n', line: 2, reason: 'path' },
  ],
  'anonymous access': [
    { file: 'docs/ftp.yaml', text: 'usersCredentials:\n  - username: anonymous\n    password: anonymous\n', line: 3, reason: 'placeholder' },
  ],
  'shell command substitutions': [
    { file: 'charts/redis/templates/statefulset.yaml', text: '          export REDIS_PASSWORD="$(< $REDIS_PASSWORD_FILE)"\n', line: 1, reason: 'command' },
    { file: 'charts/minio/templates/job.yaml', text: "  local password=$(grep -oP '^password=\\K.+' $1);\n", line: 1, reason: 'command' },
    { file: 'scripts/deploy.conf', text: 'API_TOKEN=`cat /run/secrets/api-token`\n', line: 1, reason: 'command' },
  ],
  'the word "value" where a secret goes (documentation, a default to fill in)': [
    { file: 'config/app.conf', text: 'password=value\n', line: 1, reason: 'placeholder' },
    { file: 'scripts/start.sh', text: 'export PGPASSWORD="${POSTGRES_PASSWORD:-value}"\n', line: 1, reason: 'placeholder' },
  ],
  'shell expansions whose word is not the value': [
    // The Maven wrapper (`mvnw`), in a great many Java repositories.
    { file: 'mvnw', text: 'case "${MVNW_PASSWORD:+has-password}" in\n', line: 1, reason: 'shell-alternate' },
    { file: 'scripts/deploy.sh', text: ': "${DEPLOY_TOKEN:?set-DEPLOY_TOKEN-first}"\n', line: 1, reason: 'shell-alternate' },
  ],
  'sentences where a secret goes': [
    { file: 'docs/argocd-secret.yaml', text: "stringData:\n  webhook.azuredevops.password: shhhh! it's an azure devops secret\n", line: 2, reason: 'prose' },
  ],
  'checksum/secret annotations': [
    { file: 'charts/app/templates/deployment.yaml', text: `  annotations:\n    checksum/secret: ${HEX64}\n`, line: 2, reason: 'name-public' },
  ],
  'password hashes': [
    { file: 'charts/harbor/values.yaml', text: `registry:\n  htpasswd: harbor_registry_user:${HASHES.bcryptY}\n`, line: 2, reason: 'hash' },
    { file: 'config/users.yaml', text: `admin:\n  password: "${HASHES.bcrypt}"\n`, line: 2, reason: 'hash' },
    { file: 'config/users.yaml', text: `root:\n  password: '${HASHES.sha512crypt}'\n`, line: 2, reason: 'hash' },
    { file: 'config/users.yaml', text: `web:\n  password: '${HASHES.apr1}'\n`, line: 2, reason: 'hash' },
    { file: 'config/users.yaml', text: `api:\n  password: '${HASHES.argon2id}'\n`, line: 2, reason: 'hash' },
  ],
  'addresses under a token or key name (a contract or wallet address is public)': [
    { file: 'frontend/src/app/faucet/faucet.component.ts', text: "const BeeTokenAddress = '0x36435796Ca9be2bf150CE0dECc2D8Fab5C4d6E13'\n", line: 1, reason: 'name-public' },
    { file: 'deploy/.env', text: 'TOKEN_CONTRACT_ADDRESS=0x6b175474e89094c44da98b954eedeac495271d0f\n', line: 1, reason: 'name-public' },
    { file: 'config/node.yaml', text: `auth:\n  keyAddr: ${KEY}\n`, line: 2, reason: 'name-public' },
  ],
  'public-by-design keys': [
    { file: 'web/.env', text: `POSTHOG_API_KEY=phc_${randomBase62(43, 21)}\n`, line: 1, reason: 'public-key' },
    { file: 'web/config.yaml', text: `stripe:\n  api_key: pk_live_${randomBase62(40, 22)}\n`, line: 2, reason: 'public-key' },
    {
      file: 'web/src/firebase.js',
      text: `const firebaseConfig = {\n  apiKey: "AIza${randomBase62(35, 23)}",\n  authDomain: "shop-1.firebaseapp.com",\n};\n`,
      line: 2,
      reason: 'public-key',
    },
  ],
};

describe('false-alarm classes on real repositories', () => {
  for (const [name, cases] of Object.entries(CLASSES)) {
    describe(name, () => {
      it.each(cases)('$file:$line is not reported ($reason)', async ({ file, text, line, reason }) => {
        const { candidates } = await explain(file, text, line, EMPTY_CONFIG, rules);
        expect(candidates.length).toBeGreaterThan(0);
        expect(candidates.every((candidate) => !candidate.reported)).toBe(true);
        expect(candidates.map((candidate) => candidate.reason)).toContain(reason);
        const result = await scanFragments([{ path: file, text }]);
        // Pattern rules may still know a public key's format; the generic detector and Helm values report nothing.
        expect(result.findings.filter((f) => f.line === line && /^(?:generic|helm|k8s)-/.test(f.ruleId))).toEqual([]);
      });
    });
  }

  it('reads no translation file: its values are prose in some language', async () => {
    for (const file of ['web/locales/de.json', 'app/i18n/fr-FR.yaml', 'po/de.po', 'src/main/resources/messages_de.properties']) {
      const text = `password: "${password(31)}"\n`;
      const explained = await explain(file, text, 1, EMPTY_CONFIG, rules);
      expect(explained.fileReason).toBe('a translation file holds prose in some language');
      expect(explained.candidates).toEqual([]);
    }
    // The same line in configuration is a password.
    const config = await explain('config/app.yaml', `password: "${password(31)}"\n`, 1, EMPTY_CONFIG, rules);
    expect(config.candidates.map((c) => [c.reported, c.ruleId])).toContainEqual([true, 'generic-password']);
  });

  it('takes a sentence or JSON without a secret in a Secret\'s data for what it is, not for a malformed secret', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: argocd-secret',
      'data:',
      "  webhook.github.secret: shhhh! it's a github secret",
      '  accounts.alice.tokens: |',
      '    [{"id":"123","iat":1583789194,"exp":1583789194}]',
      `  admin.password: ${password(51)}`,
      '',
    ].join('\n');
    const result = await scanFragments([{ path: 'docs/argocd-secret.yaml', text }]);
    // Only the password in clear (not base64, so the API server rejects it) is reported.
    expect(result.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['9 k8s-secret-malformed']);
  });

  it('judges the same random value alike under every name that holds a secret, and never under one that refers to it', async () => {
    const holding = ['apiKey', 'authKey', 'db_pass', 'auth', 'passcode', 'client_secret'];
    const referring = ['secret_ref', 'passwordSecretRef', 'existingSecret', 'tokenFile'];
    const text = [...holding, ...referring].map((name) => `${name}: ${KEY}`).join('\n');
    const result = await scanFragments([{ path: 'config/app.yaml', text: `${text}\n` }]);
    // One secret per file is one finding, with every place it is written.
    expect(result.findings).toHaveLength(1);
    expect((result.findings[0]!.locations ?? []).map((place) => place.line)).toEqual(holding.map((_, i) => i + 1));
  });

  it('still reports the default a shell expansion gives a password (`${DB_PASSWORD:-…}`), quoted or not, at the default', async () => {
    const secret = password(61);
    const text = `PGPASSWORD=\${DB_PASSWORD:-${secret}}\nexport PGPASSWORD="\${DB_PASSWORD:-${secret}x}"\nURL="\${DB_HOST:-localhost}:\${DB_PORT:-5432}"\nP="\${DB_PASSWORD:-}"\n`;
    const result = await scanFragments([{ path: 'scripts/start.sh', text }], false);
    expect(result.findings.map((f) => [f.line, f.column, f.ruleId, f.secret])).toEqual([
      [1, 27, 'generic-password', secret],
      [2, 35, 'generic-password', `${secret}x`],
    ]);
  });

  it('still reports a password in single braces that is not one name in one case', async () => {
    const text = 'DATABASE_PASSWORD = "{Tr0ub4dor_3}"\nAPI_PASSWORD = "{VIB_ENV_S3_PASSWORD}"\n'; // leakgate:allow (test input)
    const result = await scanFragments([{ path: 'deploy/settings.py', text }], false);
    expect(result.findings.map((f) => [f.line, f.ruleId, f.secret])).toEqual([[1, 'generic-password', '{Tr0ub4dor_3}']]); // leakgate:allow (test input)
  });

  it('still reports a random value under a secret name beside each class', async () => {
    const text = `automountServiceAccountToken: true\nexistingSecret: argocd-redis\nauth:\n  password: "${password(41)}"\n  token: ${KEY}\n`;
    const result = await scanFragments([{ path: 'charts/app/values.yaml', text }]);
    expect(result.findings.map((f) => f.line)).toEqual([4, 5]);
  });
});

describe('vocabulary', () => {
  it.each([
    ['password', 'password'],
    ['db_pass', 'password'],
    ['apiKey', 'secret'],
    ['client_secret', 'secret'],
    ['existingSecret', 'reference'],
    ['existingSecretPasswordKey', 'reference'],
    ['existingSecretAccessKeyIDKey', 'reference'],
    ['userPasswordKey', 'reference'],
    ['secretKeyRef', 'reference'],
    ['REDIS_PASSWORD_FILE', 'reference'],
    ['keystorePath', 'reference'],
    ['createSecret', 'setting'],
    ['automountServiceAccountToken', 'setting'],
    ['password_length', 'setting'],
    ['token_hash', 'public'],
    ['BeeTokenAddress', 'public'],
    ['api_key_addr', 'public'],
    ['tokenAddresses', 'public'],
    ['token', 'secret'],
    ['replicas', 'neutral'],
  ])('%s is a name of class %s', (name, kind) => {
    expect(classifyName(name).kind).toBe(kind);
  });

  it.each([
    ['true', 'boolean'],
    ['Off', 'boolean'],
    ['6379', 'number'],
    ['-1', 'number'],
    ['1700000000000', 'number'],
    ['48392017483920174839', undefined],
    ['', 'empty'],
    ['-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----', 'empty'],
    ['$(< $X_FILE)', 'command'],
    ['.Values.auth.password', 'template'],
    [HASHES.bcrypt, 'hash'],
    [HASHES.argon2id, 'hash'],
    [`phc_${randomBase62(43, 1)}`, 'public-key'],
    [KEY, undefined],
    [password(3), undefined],
  ])('%j is a value of kind %s', (value, kind) => {
    expect(valueKind(value)).toBe(kind);
  });
});
