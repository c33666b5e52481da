/**
 * Which diffs of structured files are parsed whole: a Helm values file is read
 * whole only when its added lines can change what the Kubernetes detector
 * reports there (`valuesLinesMatter`), and the findings are the same either way.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isHelmValuesFile, structureMatters, valuesLinesMatter } from '../../src/structured-files.js';
import { removeTempRepos, tempRepo } from '../helpers/repo.js';

afterAll(removeTempRepos);

const VALUES = ['auth:', '  ## @param auth.existingSecret Name of an existing secret', '  existingSecret: ""', '  password: "Qm7vR2xTk9pLw3Zs"', 'image:', '  tag: 1.2.3', ''].join('\n'); // leakgate:allow (test input)

describe('valuesLinesMatter', () => {
  const nothing: [string, string[]][] = [
    ['comments that name secrets', ['  ## @param auth.password Password of the admin user', '# token: see the README']],
    ['secret keys with empty values', ['  existingSecret: ""', "  password: ''", '  apiKey:', '  tokens: []', '  secretRef: {}', '  password: null', '  password: ~'].filter((line) => !line.endsWith('apiKey:'))],
    ['secret keys with booleans, numbers and templates', ['  createSecret: true', '  usePasswordFiles: false', '  keySize: 2048', '  password: "{{ .Values.global.password }}"']],
    ['settings and names of secrets', ['  existingSecretPasswordKey: ""', '  automountServiceAccountToken: false', '  type: "RuntimeDefault"', '  secretName: app-tls']],
    // The values visitor reads mappings only, in a file without aliases (the line detectors still judge these lines, see below).
    ['keys inside sequence items', ['              - key: app.kubernetes.io/instance', '  - password: Qm7vR2xTk9pLw3Zs']], // leakgate:allow (test input)
  ];
  it.each(nothing)('is false for %s', (_name, lines) => {
    expect(valuesLinesMatter(lines, VALUES)).toBe(false);
  });

  const something: [string, string[]][] = [
    ['a literal under a secret key', ['  password: "Qm7vR2xTk9pLw3Zs"']], // leakgate:allow (test input)
    ['a literal after a trailing comment marker', ['  password: Qm7vR2xTk9pLw3Zs # rotate me']], // leakgate:allow (test input)
    ['a secret key whose value starts on the next line', ['  password:', '    Qm7vR2xTk9pLw3Zs']], // leakgate:allow (test input)
    ['a block scalar under a secret key', ['  privateKey: |']],
    ['a quoted secret key', ['  "db-password": Qm7vR2xTk9pLw3Zs']], // leakgate:allow (test input)
    ['a line that is not `key: value` and has a hint', ['  - --token=Qm7vR2xTk9pLw3Zs']], // leakgate:allow (test input)
    ['a flow mapping with a secret key under a neutral key', ['  db: {password: Qm7vR2xTk9pLw3Zs}']], // leakgate:allow (test input)
    ['an anchored value under a neutral key, which an alias may read', ['  shared: &pw Qm7vR2xTk9pLw3Zs']], // leakgate:allow (test input)
  ];
  it.each(something)('is true for %s', (_name, lines) => {
    expect(valuesLinesMatter(lines, VALUES)).toBe(true);
  });

  describe('a scalar on its line under a secret key, with the added lines\' numbers: the values visitor\'s own verdict', () => {
    const FILE = [
      'ingress:', //                           1
      '  tlsSecret: magento.local-tls', //    2
      '  secretKey: "key.json"', //           3
      '  password: Qm7vR2xTk9pLw3Zs', //       4  leakgate:allow (test input)
      '  token: Xr8vQ2mTk4pLw9Zb', //          5  leakgate:allow (test input)
      '    goes on here', //                  6
      "  apiKey: 'Wq3vR8xTk2pLm7Zd'", //       7  leakgate:allow (test input)
      '  clientSecret: "a\\x41Zq3vR8xTk2pLm"', // 8  leakgate:allow (test input)
    ].join('\n');
    const matter = (line: number): boolean => valuesLinesMatter([FILE.split('\n')[line - 1]!], FILE, [line]);

    it('is false for the name of a Secret or of a key in one', () => {
      expect([2, 3].map(matter)).toEqual([false, false]);
    });

    it('is true for a literal, plain or quoted', () => {
      expect([4, 7].map(matter)).toEqual([true, true]);
    });

    it('falls back to the value\'s kind when YAML reads more than the line (a continued scalar, an escape)', () => {
      expect([5, 8].map(matter)).toEqual([true, true]);
      // Without the numbers, as before: only empty values, booleans, numbers and templates are passed over.
      expect(valuesLinesMatter(['  tlsSecret: magento.local-tls'], FILE)).toBe(true);
    });
  });

  it('is true for a key inside a sequence item when an alias may bring the item into a mapping', () => {
    const merged = 'presets: &creds\n  - token: Tr5$Ua8nVb3cXy6Q\nredis:\n  <<: *creds\n'; // leakgate:allow (test input)
    expect(valuesLinesMatter(['  - token: Tr5$Ua8nVb3cXy6Q'], merged, [2])).toBe(true); // leakgate:allow (test input)
    const aliased = 'profiles:\n  - &prod {token: Tr5$Ua8nVb3cXy6Q}\nredis: *prod\n'; // leakgate:allow (test input)
    expect(valuesLinesMatter(['  - &prod {token: Tr5$Ua8nVb3cXy6Q}'], aliased, [2])).toBe(true); // leakgate:allow (test input)
  });

  it('does not judge a value on its own line inside a flow collection that spans lines (YAML ends it at `,` or `}`)', () => {
    const flow = 'replicas: 1\nredis: {\n  token: xK9mQ2vL7pR4aB3cZ8qW,\n  port: 6379 }\n'; // leakgate:allow (test input)
    expect(valuesLinesMatter(['  token: xK9mQ2vL7pR4aB3cZ8qW,'], flow, [3])).toBe(true); // leakgate:allow (test input)
    const closing = 'cache: {\n  apiKey: Tr5$Ua8nVb3cXy6QwE }\n'; // leakgate:allow (test input)
    expect(valuesLinesMatter(['  apiKey: Tr5$Ua8nVb3cXy6QwE }'], closing, [2])).toBe(true); // leakgate:allow (test input)
  });

  it('is true for any added line of a values file that the detector reads as a kubeconfig (users and clusters at the root)', () => {
    const kubeconfig = 'clusters:\n  - name: a\nusers:\n  - name: a\n    user:\n      token: abc\n';
    expect(valuesLinesMatter(['  # a comment'], kubeconfig)).toBe(true);
  });

  it('is true for any added line of a values file whose document is a manifest', () => {
    expect(valuesLinesMatter(['  # a comment'], `apiVersion: v1\nkind: Secret\ndata:\n  a: YWJj\n`)).toBe(true);
    expect(valuesLinesMatter(['  # a comment'], `${VALUES}---\n"kind": Secret\ndata:\n  a: YWJj\n`)).toBe(true);
    expect(valuesLinesMatter(['  # a comment'], `{\n  "apiVersion": "v1", "kind": "Secret",\n  "data": {"a": "YWJj"}\n}\n`)).toBe(true);
  });

  it('reads a `kind:` deeper in the values tree as a key like any other (the detector visits no manifest there)', () => {
    const nested = `${VALUES}replica:\n  kind: StatefulSet\nextraDeploy:\n  - apiVersion: v1\n    kind: Secret\n    data:\n      a: YWJj\n`;
    expect(valuesLinesMatter(['  # a comment', '      a: YWJj'], nested)).toBe(false);
    expect(valuesLinesMatter(['      password: c2VjcmV0MTIzNDU2'], nested)).toBe(true);
  });

  describe('a secret key alone, with the added lines\' numbers in the file', () => {
    const FILE = [
      'auth:', //                           1
      '  ## the admin', //                  2
      '  rootPassword: ""', //              3
      'passwordUpdateJob:', //              4
      '', //                                5
      '  enabled: false', //                6
      'credentials:', //                    7
      '  - name: a', //                     8
      'password:', //                       9
      '  # set below', //                   10
      '  Qm7vR2xTk9pLw3Zs', //              11  leakgate:allow (test input)
      'tokens:', //                         12
      '  [a, b]', //                        13
      'apiKey:', //                         14
      'other: 1', //                        15
      'compact:', //                        16
      '- item', //                          17
      'secret:', //                         18
    ].join('\n');
    const matter = (line: number): boolean => valuesLinesMatter([FILE.split('\n')[line - 1]!], FILE, [line]);

    it('is false when its value is a mapping, a sequence or a flow collection: those lines are judged by themselves', () => {
      expect([1, 4, 7, 12].map(matter)).toEqual([false, false, false, false]);
      // A sequence whose dashes are at the key's own indentation.
      expect(valuesLinesMatter(['secrets:'], FILE.replace('compact:', 'secrets:'), [16])).toBe(false);
    });

    it('is false when nothing deeper follows (a null), at the end of the file too', () => {
      expect([14, 18].map(matter)).toEqual([false, false]);
    });

    it('is true when a scalar follows, past comments and blank lines', () => {
      expect(matter(9)).toBe(true);
    });

    it('is true when the line at that number is not the added line (the numbers cannot be trusted)', () => {
      expect(valuesLinesMatter(['auth:'], FILE, [2])).toBe(true);
      expect(valuesLinesMatter(['auth:'], FILE, [99])).toBe(true);
    });

    it('reads CRLF files as LF files', () => {
      const crlf = FILE.replaceAll('\n', '\r\n');
      expect(valuesLinesMatter(['auth:\r'], crlf, [1])).toBe(false);
      expect(valuesLinesMatter(['password:'], crlf, [9])).toBe(true);
    });
  });

  it('applies to Helm values files only', () => {
    expect(isHelmValuesFile('charts/app/values.yaml')).toBe(true);
    expect(isHelmValuesFile('charts/app/values-production.yml')).toBe(true);
    expect(isHelmValuesFile('charts/app/templates/secret.yaml')).toBe(false);
    expect(structureMatters('k8s/secret.yaml', ['  # a comment'], 'kind: Secret\n')).toBe(true);
    expect(structureMatters('charts/app/values.yaml', ['  # a comment'], VALUES)).toBe(false);
  });
});

describe('values files in history', () => {
  it('reports a literal added under a secret key, at its line, next to comments and empty values', async () => {
    const repo = await tempRepo();
    await repo.commit({ 'chart/values.yaml': 'auth:\n  enabled: true\n' });
    await repo.commit({
      'chart/values.yaml': 'auth:\n  enabled: true\n  ## @param auth.password Admin password\n  existingSecret: ""\n  password:\n    Qm7vR2xTk9pLw3Zs\n', // leakgate:allow (test input)
    });
    await repo.commit({ 'chart/values.yaml': 'auth:\n  enabled: true\n  ## @param auth.password Admin password\n  existingSecret: ""\n  password:\n    Qm7vR2xTk9pLw3Zs\n  ## @param auth.token Token\n  token: ""\n' }); // leakgate:allow (test input)
    const result = await repo.run(['history', '--format', 'json']);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: { file: string; line: number; ruleId: string; commits: number }) => [f.file, f.line, f.ruleId, f.commits])).toEqual([
      ['chart/values.yaml', 6, 'helm-values-secret', 1],
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('Qm7vR2xTk9pLw3Zs'); // leakgate:allow (test input)
  });

  const shape = (report: { findings: { file: string; line: number; ruleId: string; confidence: string }[] }) =>
    report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.confidence}`);

  it('reports the same findings when a values file is not parsed (sequence items, names of secrets) as when it is', async () => {
    // No added line here makes the file be parsed in history; `files` always parses it.
    const lines = [
      'ingress:',
      '  tlsSecret: magento.local-tls',
      '  secretKey: "key.json"',
      'users:',
      '  - name: admin',
      '    password: Qm7vR2xTk9pLw3Zs', // leakgate:allow (test input)
      '  - password: Xr8vQ2mTk4pLw9Zb', // leakgate:allow (test input)
      'affinity:',
      '  - key: app.kubernetes.io/instance',
    ];
    const repo = await tempRepo();
    await repo.commit({ 'chart/values.yaml': 'image:\n  tag: 1\n' });
    await repo.commit({ 'chart/values.yaml': `image:\n  tag: 1\n${lines.join('\n')}\n` });
    const history = JSON.parse((await repo.run(['history', '--format', 'json'])).stdout);
    const files = JSON.parse((await repo.run(['files', '.', '--format', 'json'])).stdout);
    expect(shape(history)).toEqual(['chart/values.yaml:8 generic-password medium', 'chart/values.yaml:9 generic-password medium']);
    expect(shape(files)).toEqual(shape(history));
  });

  it.each([
    ['a flow mapping over several lines', 'replicas: 1\n', 'replicas: 1\nredis: {\n  token: xK9mQ2vL7pR4aB3cZ8qW,\n  port: 6379 }\n', 'chart/values.yaml:3 helm-values-secret high'], // leakgate:allow (test input)
    // Only the item's line changes: nothing else in the commit makes the file be parsed.
    ['a sequence item merged into a mapping', 'presets: &creds\n  - token: ""\nredis:\n  <<: *creds\n', 'presets: &creds\n  - token: Tr5$Ua8nVb3cXy6Q\nredis:\n  <<: *creds\n', 'chart/values.yaml:2 helm-values-secret high'], // leakgate:allow (test input)
  ])('reports a secret in %s at the commit that adds it, as the parsed file does', async (_name, before, after, expected) => {
    const repo = await tempRepo();
    await repo.commit({ 'chart/values.yaml': before });
    await repo.commit({ 'chart/values.yaml': after });
    const history = JSON.parse((await repo.run(['history', '--format', 'json'])).stdout);
    expect(shape(history)).toEqual([expected]);
    expect(shape(JSON.parse((await repo.run(['files', '.', '--format', 'json'])).stdout))).toEqual([expected]);
  });
});
