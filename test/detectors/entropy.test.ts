import { describe, expect, it } from 'vitest';
import { IGNORE_CONTEXT } from '../../src/detectors/detector.js';
import { entropyDetector } from '../../src/detectors/entropy.js';
import { isSequential, isStubKeyBlock, isWordIdentifier, looksHandWritten } from '../../src/detectors/filters.js';
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
    [`  psk="${PASSWORD}"`, PASSWORD],
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

  it('reads a plain value in YAML, dotenv, properties and INI to the end of its line, punctuation and all', () => {
    // Cut at the punctuation, the value was missed (`S3cr` is too short) or reported in part, the rest shown in clear.
    const cases: [string, string, string][] = [
      ['.vib/db/runtime-parameters.yaml', 'auth:\n  rootPassword: R0ot)Password # note\n', 'R0ot)Password'], // leakgate:allow (test input)
      ['charts/db/values.yaml', 'users:\n  - password: Pa,ss(w0rd]\n', 'Pa,ss(w0rd]'], // leakgate:allow (test input)
      ['deploy/.env', 'DB_PASSWORD=S3cr(et)Value9\n', 'S3cr(et)Value9'], // leakgate:allow (test input)
      ['deploy/app.env', 'DB_PASSWORD=S3cr(et)Value9\r\n', 'S3cr(et)Value9'], // leakgate:allow (test input)
      ['src/main/resources/app.properties', 'db.password=Pa(ss)w0rd;x\n', 'Pa(ss)w0rd;x'], // leakgate:allow (test input)
      ['setup.ini', '[db]\npassword = Pa(ss)w0rd<1>\n', 'Pa(ss)w0rd<1>'], // leakgate:allow (test input)
    ];
    for (const [path, text, secret] of cases) expect(detect({ path, text }).map((f) => [f.secret, f.end - f.start]), path).toEqual([[secret, secret.length]]);
    // A plural name holds a list: each item is judged alone (`baz` and `qux` are too short).
    expect(detect({ path: 'ci/values-auth.yaml', text: 'auth:\n  serverPasswords: baz,qux\n' })).toEqual([]);
    expect(detect({ path: 'ci/values-auth.yaml', text: 'auth:\n  serverPasswords: baz,Xk9#mQ2$vL7p\n' }).map((f) => [f.secret, f.start])).toEqual([['Xk9#mQ2$vL7p', 29]]); // leakgate:allow (test input)
    // A flow mapping's comma, and code, still end a value.
    expect(secretsIn('db: {password: Pa55-w0rd9x, user: app}\n', 'charts/db/values.yaml')).toEqual(['Pa55-w0rd9x']); // leakgate:allow (test input)
    expect(secretsIn('password = make(Pa55w0rd)\n', 'src/app.py')).toEqual([]);
    expect(secretsIn('DB_PASSWORD=S3cr(et)Value9\n', 'scripts/run.sh')).toEqual([]);
  });

  it('reads every variable of a dotenv file, with a stricter threshold for names that say nothing', () => {
    const value = randomBase62(40, 77);
    expect(secretsIn(`SESSION_SALT_X=${value}\nNODE_ENV=production\nBUILD_ID=20240101`, 'deploy/.env.production')).toEqual([value]);
    expect(secretsIn(`SESSION_SALT_X=${value}`, 'config/settings.conf')).toEqual([]);
    expect(secretsIn('CACHE_DIR=/var/cache/app-0123456789abcdef', '.env')).toEqual([]);
  });

  it('reads a dotenv line longer than 4 KB in windows: its own variable, and the secrets named inside it', () => {
    // A service account's JSON, or a list of keys, in one variable: the line was skipped whole.
    const inner = randomBase62(40, 78);
    const json = JSON.stringify({ type: 'service_account', description: 'x'.repeat(6000), client_secret: inner });
    expect(secretsIn(`GOOGLE_CREDENTIALS=${json}\nNODE_ENV=production\n`, 'deploy/.env')).toEqual([inner]);
    const keys = Array.from({ length: 200 }, (_, i) => randomBase62(40, 1000 + i));
    const line = keys.map((key, i) => `API_KEY_${i}=${key}`).join(' ');
    expect(line.length).toBeGreaterThan(4096);
    // Every one, those across the windows' edges included (found twice where windows overlap: the
    // pipeline keeps one finding per span).
    expect([...new Set(secretsIn(line, 'deploy/.env'))].sort()).toEqual([...keys].sort());
    expect([...new Set(secretsIn(line, 'config/keys.txt'))].sort()).toEqual([...keys].sort());
  });

  it('reads a long value that crosses a window\'s end whole, wherever its name is', () => {
    // The name sits just after the start of a window; its 500-character value crosses the window's end.
    const value = Array.from({ length: 500 }, (_, i) => 'BCDFGHJMNQRVWXZ0123456789bcdfghjmnqrvwxz'[(i * 7919 + 13) % 40]).join('');
    const line = `${'x'.repeat(200)}token=none ${' '.repeat(294)}api_token_of_the_deploy_service=${value} ${'x'.repeat(5000)}`;
    expect([...new Set(secretsIn(line, 'config/app.conf'))]).toEqual([value]);
  });

  it('reads a default given with `:=` as a default, even when it starts with +', () => {
    const value = `+${randomBase62(24, 79)}`;
    expect(secretsIn(`export API_TOKEN=\${API_TOKEN:=${value}}`, 'run.sh')).toEqual([value]);
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
    expect(looksHandWritten('dapiFEDCBA9876543210FEDCBA9876543210')).toBe(true); // leakgate:allow (test input)
    expect(looksHandWritten(KEY)).toBe(false);
  });
});

describe('values that are short, nested or encoded', () => {
  const SHORT = `${randomBase62(4, 5)}@${randomBase62(4, 6)}#7`;

  it('reports a short value that mixes letters, digits and symbols under a token or key name in configuration', () => {
    const found = detect({ path: 'cfn/template.yaml', text: `      PrivateKey: ${SHORT}\n#   AuthToken: ${SHORT}\n` });
    expect(found.map((f) => [f.ruleId, f.secret, f.confidence])).toEqual([
      ['generic-secret', SHORT, 'low'],
      ['generic-secret', SHORT, 'low'],
    ]);
  });

  it.each([
    ['key: us-east-1a', 'config.yaml'],
    ['token: AUTH_TOKEN_V2', 'config.yaml'],
    ['api_key: v1.2.3-rc4', 'config.yaml'],
    [`secret: ${SHORT}`, 'README.md'],
    [`auth_token = "${SHORT}"`, 'src/client.py'],
    ['token: a1b2c3d4e5', 'config.yaml'],
  ])('leaves short values alone where they are names, versions, prose or code: %s', (text, path) => {
    expect(secretsIn(text, path)).toEqual([]);
  });

  it('reads the value nested under a bare secret-named key in YAML', () => {
    const text = `deploy:\n  password:\n    secure: correcthorsebatterystaple\n  api_key:\n    value: "${KEY}"\n`;
    const found = detect({ path: '.travis.yml', text });
    expect(found.map((f) => [f.ruleId, text.slice(f.start, f.end), f.confidence])).toEqual([
      ['generic-password', 'correcthorsebatterystaple', 'low'],
      ['generic-secret', KEY, 'medium'],
    ]);
  });

  it('leaves Travis ciphertext, which is meant to be committed, alone', () => {
    const ciphertext = Buffer.from(randomBase62(256, 3)).toString('base64');
    expect(secretsIn(`  password:\n    secure: "${ciphertext}"\n`, '.travis.yml')).toEqual([]);
    expect(secretsIn(`  password:\n  secure: hunter22\n`, 'ci.yml')).toEqual([]);
  });

  it('decodes a YAML !!binary value and points at its base64', () => {
    const hex = '9c1f3e7a2b6d4805f1a3c5e7092b4d6f';
    const encoded = Buffer.from(hex).toString('base64');
    const text = `signing_secret: !!binary ${encoded}\n`;
    const [finding, ...rest] = detect({ path: 'app.yaml', text });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'generic-secret', secret: encoded, decoded: ['yaml-binary', 'base64'] });
    expect(text.slice(finding!.start, finding!.end)).toBe(encoded);
    expect(secretsIn(`signing_secret: !!binary ${Buffer.from('not a secret at all').toString('base64')}`, 'app.yaml')).toEqual([]);
  });
});

describe('armoured key blocks', () => {
  it('tells a stand-in body from one that can hold a key', () => {
    expect(isStubKeyBlock('-----BEGIN OPENSSH PRIVATE KEY-----\nc29tZXRoaW5nIHNob3J0IGFuZCBmYWtlIGhlcmU\n-----END OPENSSH PRIVATE KEY-----')).toBe(true); // leakgate:allow (stand-in key block)
    expect(isStubKeyBlock(`-----BEGIN PRIVATE KEY-----\\n${randomBase62(64, 8)}\\n${randomBase62(64, 9)}\\n-----END PRIVATE KEY-----`)).toBe(false);
    expect(isStubKeyBlock(KEY)).toBe(false);
  });
});

describe('what configuration and scripts say next to secret-like names', () => {
  it.each([
    ['passwd:         files systemd', 'etc/nsswitch.conf'],
    ['passwd:         files', 'etc/nsswitch.conf'],
    ['#password_encryption = scram-sha-256\t# or md5', 'postgresql.conf'],
    ['private_key\t= $dir/private/cakey.pem\t# the CA key', 'openssl.cnf'],
    ['ssl_key: certs/server.key', 'config.yaml'],
    ['tls_secret_file = /run/secrets/tls', 'app.ini'],
    ['__comp "username= passphrase= password= scmVersion= $(__list)"', 'completions/tool'],
    ['uses the "key::" prefix (e.g. "key::ecdsa-sha2-nistp256")', 'notes.txt'],
    ['git-credential-store: git-credential-store.o', 'contrib/Makefile'],
    ['my $rule_key = "repository.$name.allow";', 'hooks/update'],
    ['my $pwd = getcwd();', 'lib/Pod/Tool.pm'],
    ['let s:hup[host].passwd = s:netrw_passwd', 'autoload/netrw.vim'],
    ['<code>{pem: &#x3C;string>[, passphrase: &#x3C;string>]}</code>', 'api/tls.html'],
    ['rolpassword = text ,', 'catalog.bki'],
    ['  backend: "Backend", private_key: "_EllipticCurvePrivateKey", data: bytes', 'ec.py'],
    ['bind ListboxKeyAccel_Key ::tk::ListboxKeyAccel_Key', 'unsupported.tcl'],
    [' * the next key (`password=` (a name), `x`)', 'src/filters.ts'],
  ])('ignores %j', (text, path) => {
    expect(secretsIn(text, path)).toEqual([]);
  });

  it('still reports a strong password that a command line goes on after', () => {
    expect(secretsIn(`DB_PASSWORD=${PASSWORD} ./migrate.sh`, 'scripts/deploy')).toEqual([PASSWORD]);
  });

  it('still reports base64 that ends in padding', () => {
    const encoded = Buffer.from(randomBase62(20, 31)).toString('base64');
    expect(encoded.endsWith('=')).toBe(true);
    expect(secretsIn(`client_secret: ${encoded}`, 'app.yaml')).toEqual([encoded]);
  });
});

describe('values in markup and in JSON strings', () => {
  it('reads a secret-named XML element and a .NET appSettings pair', () => {
    const xml = `<server>\n  <username>deploy</username>\n  <password>${PASSWORD}</password>\n</server>`;
    const found = detect({ path: 'settings.xml', text: xml });
    expect(found.map((f) => [f.ruleId, xml.slice(f.start, f.end)])).toEqual([['generic-password', PASSWORD]]);
    const config = `<appSettings>\n  <add key="PaymentsApiKey" value="${KEY}" />\n</appSettings>`;
    const [setting] = detect({ path: 'web.config', text: config });
    expect([setting!.ruleId, config.slice(setting!.start, setting!.end)]).toEqual(['generic-secret', KEY]);
  });

  it('reads name/value pairs in JSON: ECS task definitions, Postman collections', () => {
    const task = `"environment": [\n  {"name": "NODE_ENV", "value": "production"},\n  {"name": "DB_PASSWORD", "value": "${PASSWORD}"}\n]`;
    expect(detect({ path: 'ecs/taskdef.json', text: task }).map((f) => task.slice(f.start, f.end))).toEqual([PASSWORD]);
    const collection = `"variable": [{"key": "api_token", "value": "${KEY}", "type": "string"}]`;
    expect(detect({ path: 'api.postman_collection.json', text: collection }).map((f) => collection.slice(f.start, f.end))).toEqual([KEY]);
  });

  it('reads an assignment between escaped quotes inside a JSON string (a notebook cell)', () => {
    const cell = `{"cells":[{"source":["import client\\n","api_key = \\"${KEY}\\"\\n"]}]}`;
    const found = detect({ path: 'analysis.ipynb', text: cell });
    expect(found.map((f) => cell.slice(f.start, f.end))).toEqual([KEY]);
  });

  it.each([
    ['<key>IFPkgFlagAuthorizationAction</key>', 'Info.plist'],
    ['<releaseManagerKey>B6E73D84EA4FCC47166087253FAAD2CD5ECBB314</releaseManagerKey>', 'pom.xml'],
    ['<password>proxypass</password>', 'settings.xml'],
    ['<password>${env.REPO_PASSWORD}</password>', 'settings.xml'],
    ['<add key="ApiKeyHeader" value="X-Api-Key" />', 'web.config'],
    [`return <Password>${PASSWORD}</Password>;`, 'Form.tsx'],
  ])('leaves markup that names things alone: %s', (text, path) => {
    expect(secretsIn(text, path)).toEqual([]);
  });
});

describe('secrets written as calls, headers and command lines', () => {
  const spans = (text: string, path: string): [string, string][] => detect({ path, text }).map((f) => [f.title, text.slice(f.start, f.end)]);

  it.each([
    [`define( 'DB_PASSWORD', '${PASSWORD}' );`, 'wp-config.php', PASSWORD],
    [`os.environ.setdefault("SERVICE_API_KEY", "${KEY}")`, 'settings.py', KEY],
    [`os.environ["SERVICE_API_KEY"] = "${KEY}"`, 'settings.py', KEY],
    [`props.put("db.password", "${PASSWORD}");`, 'Config.java', PASSWORD],
  ])('reads a quoted name and value side by side: %s', (text, path, secret) => {
    expect(spans(text, path).map(([, value]) => value)).toEqual([secret]);
  });

  it('reads Authorization headers, Bearer and Basic', () => {
    const bearer = `headers = {"Authorization": "Bearer ${KEY}"}`;
    expect(spans(bearer, 'client.py')).toEqual([['Bearer token in an `Authorization` header', KEY]]);
    const basic = Buffer.from(`deploy:${PASSWORD}`).toString('base64');
    const header = `curl -H "Authorization: Basic ${basic}" https://ci.internal/api`;
    const [finding, ...rest] = detect({ path: 'deploy.sh', text: header });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'generic-password', secret: basic, decoded: ['http-basic', 'base64'] });
    expect(header.slice(finding!.start, finding!.end)).toBe(basic);
  });

  it('reads passwords on curl and mysql command lines and in .netrc', () => {
    expect(spans(`curl -u admin:${PASSWORD} https://ci.internal/api`, 'deploy.sh')).toEqual([['Password on a `curl --user` command line', PASSWORD]]);
    expect(spans(`mysqldump -uroot -p${PASSWORD} app > dump.sql`, 'backup.sh').map(([, v]) => v)).toEqual([PASSWORD]);
    expect(spans(`machine git.internal login ci password ${PASSWORD}`, 'home/.netrc').map(([, v]) => v)).toEqual([PASSWORD]);
  });

  it('reads docker login passwords, given with -p or piped in', () => {
    expect(spans(`docker login -u deploy -p ${PASSWORD} registry.internal`, 'ci.yml')).toEqual([['Password on a `docker login` command line', PASSWORD]]);
    expect(spans(`echo "${PASSWORD}" | podman login -u ci --password-stdin quay.io`, 'push.sh')).toEqual([['Password piped into `docker login`', PASSWORD]]);
    expect(secretsIn('echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin ghcr.io', 'push.sh')).toEqual([]);
  });

  it('reads the default of a Terraform variable named like a secret', () => {
    const text = `variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "${PASSWORD}"\n}\nvariable "region" {\n  default = "eu-west-1"\n}\n`;
    expect(spans(text, 'infra/variables.tf')).toEqual([['Default value of the Terraform variable `db_password`', PASSWORD]]);
    expect(secretsIn('variable "api_token" {\n  type = string\n}\n', 'infra/variables.tf')).toEqual([]);
  });

  it('reads .pgpass lines, Redis passwords and the Dockerfile ENV form without =', () => {
    const other = password(11);
    expect(spans(`db.internal:5432:app:app_user:${PASSWORD}\r\n*:*:*:replica\\:1:${other}\n`, 'ops/.pgpass').map(([, v]) => v)).toEqual([PASSWORD, other]);
    expect(spans(`bind 0.0.0.0\nrequirepass ${PASSWORD}\nmasterauth "${other}"\n`, 'redis/redis.conf').map(([, v]) => v)).toEqual([PASSWORD, other]);
    expect(spans(`FROM node:20\nENV DB_PASSWORD ${PASSWORD}\nENV NODE_ENV production\n`, 'api/Dockerfile.prod')).toEqual([
      ['Password assigned to `DB_PASSWORD`', PASSWORD],
    ]);
  });

  it.each([
    ['MovedAttribute("HTTPPasswordMgr", "urllib2", "urllib.request"),', 'six.py'],
    ['names: ["behavior","pass","keyInObj","pick"]', 'underscore.min.js.map'],
    ['docker run -u 1000:1000 image && curl -u 1000:1000 x', 'run.sh'],
    ['curl -u "$USER:$TOKEN" https://ci.internal', 'deploy.sh'],
    ['mysql -uroot -p app', 'restore.sh'],
    ['password required for this machine', 'notes/.netrc-help.txt'],
    ['headers["Authorization"] = f"Bearer {token}"', 'client.py'],
    ['ENV DB_PASSWORD_FILE /run/secrets/db', 'Dockerfile'],
    ['*:*:*:*:*', '.pgpass'],
    ['const PASSWORD_ARGUMENT = `(?:"([^"\\\\\\n]{1,200})")\\\\s*[,)]`;', 'src/entropy.ts'],
    ["      ['generic-password', '.leakgate.yaml:3: rules.generic-password'],", 'config.test.ts'],
  ])('leaves %j alone', (text, path) => {
    expect(secretsIn(text, path)).toEqual([]);
  });
});

describe('passwords passed as arguments to well-known APIs', () => {
  const calls = (text: string, path: string): [string, string][] => detect({ path, text }).map((f) => [f.title, text.slice(f.start, f.end)]);

  it.each([
    [`conn = DriverManager.getConnection("jdbc:postgresql://db/app", "app", "${PASSWORD}");`, 'Db.java', 'getConnection'],
    [`r = requests.get(url, auth=("deploy", "${PASSWORD}"))`, 'client.py', 'auth='],
    [`server.login(sender, '${PASSWORD}')`, 'mail.py', 'login'],
    [`client.Credentials = new NetworkCredential("smtp", "${PASSWORD}");`, 'Mail.cs', 'NetworkCredential'],
    [`$db = new PDO($dsn, 'shop', '${PASSWORD}');`, 'db.php', 'PDO'],
    [`req.SetBasicAuth("ci", "${PASSWORD}")`, 'client.go', 'SetBasicAuth'],
  ])('reads the password argument of %s', (text, path, call) => {
    expect(calls(text, path)).toEqual([[`Password passed to \`${call}(…)\``, PASSWORD]]);
  });

  it("reads PowerShell's ConvertTo-SecureString with a password in clear", () => {
    const text = `$secure = ConvertTo-SecureString -String '${PASSWORD}' -AsPlainText -Force`;
    expect(calls(text, 'deploy.ps1')).toEqual([['Password in clear passed to `ConvertTo-SecureString`', PASSWORD]]);
    expect(secretsIn('$secure = ConvertTo-SecureString $env:SVC_PASSWORD -AsPlainText -Force', 'deploy.ps1')).toEqual([]);
  });

  it.each([
    ['conn = DriverManager.getConnection(url, user, password);', 'Db.java'],
    ['server.login(sender, os.environ["SMTP_PASSWORD"])', 'mail.py'],
    ['r = requests.get(url, auth=("user", "pass"))', 'client.py'],
    ['page.login("admin", "")', 'e2e.spec.ts'],
    [`HTTPBasicAuth("ci", "${PASSWORD}")`, 'notes.md'],
  ])('leaves %j alone', (text, path) => {
    expect(secretsIn(text, path)).toEqual([]);
  });
});

describe('names, settings and data that third-party packages assign to secret-like names', () => {
  it.each([
    ['def make_password(password: Optional[str], salt: Optional[str] = ...) -> str: ...', 'django-stubs/hashers.pyi'],
    ['    password: Incomplete', 'stubs/ldap3/connection.pyi'],
    ['virtual bool open(const QString &db, const QString &password = QString());', 'QtSql/qsqldriver.sip'],
    ['  "result_key": "mlInputChannelsList"', 'botocore/data/paginators-1.json'],
    ['  "result_key": "Ipv6CidrAssociations"', 'botocore/data/paginators-1.json'],
    ['  "result_key": "HsmConfigurations"', 'botocore/data/paginators-1.json'],
    ['  "Key": "access_logs.s3.enabled",', 'botocore/data/examples-1.json'],
    ['  "PasswordLastUsed": "2016-09-08T21:47:36Z",', 'botocore/data/examples-1.json'],
    ['  "NextContinuationToken": "1w41l63U0xa8q7smH50vCxyTQqdxo69O3EmK28Bi5PcROI4wI/EyIJg==",', 'botocore/data/examples-1.json'],
    ['{shareScope:"default",shareKey:"@jupyterlab/translation",import:"@jupyterlab/translation"}', 'static/main.js'],
    ['GRANT_TYPE_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"', 'credentials/_constants.py'],
    ['_OBJECT_USER_META_KEY = "_b2o_user_vlmeta"', 'blosc2/objects.py'],
    ["print(B.getEntry(key='Mulero-JPCRD-2012', fmt='latex'))", 'BibtexParser.py'],
    ['field_order = ["old_password", "new_password1", "new_password2"]', 'auth/forms.py'],
    ['cache_key = "views.decorators.cache.cache_page.%s.%s" % (', 'utils/cache.py'],
    ["user_pass = '%s:%s' % (unquote(user),", 'urllib/request.py'],
    ['userpwd = \'{}:{}\'.format(', 'http/curl.py'],
    ['prompt_cache_key="tenant:acme:support-v1",', 'chat_models/base.py'],
    ['key = "nyc-taxi/2015/yellow_tripdata_2015-01.csv"', 'tests/test_s3.py'],
    ['"CredentialListResponse": ".credentiallistresponse",', 'types/__init__.py'],
    ['client_secret="your-auth0-client-secret",', 'providers/auth0.py'],
    ['EMAIL_HOST_PASSWORD = email["EMAIL_HOST_PASSWORD"]', 'environs/METADATA'],
    ['{"sourcesContent":["throw new Error(\\"File is password-protected: ECMA-376 Encryption\\");"]}', 'dist/commons.js.map'],
  ])('ignores %j', (text, path) => {
    expect(secretsIn(text, path)).toEqual([]);
  });

  it('still reports a password of words and a number in configuration', () => {
    expect(detect({ path: 'config/app.yaml', text: 'db_password: Summer2024-Sales' }).map((f) => [f.secret, f.confidence])).toEqual([['Summer2024-Sales', 'medium']]); // leakgate:allow (test input)
  });

  it('still reports a one-word password with a digit, in code too', () => {
    expect(secretsIn(`password = 'hunter2'`, 'app.py')).toEqual(['hunter2']); // leakgate:allow (test input)
  });
});
