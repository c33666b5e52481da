/**
 * JSON manifests: a JSON file is parsed with positions only when its root is an
 * object the Kubernetes visitors read (`kind`, `sops` or `users` at the root).
 * The same JSON text named `.yaml` takes the YAML path, which has no such shortcut:
 * both must give the same findings, for every single-document fixture as JSON and
 * for JSON whose `kind` keys are deeper down.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { scanFragments } from '../helpers/engine.js';

const dirs = ['positive', 'negative'];
const fixtures = dirs.flatMap((dir) =>
  readdirSync(new URL(`../../fixtures/k8s/${dir}/`, import.meta.url))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ name: `${dir}/${name}`, text: readFileSync(new URL(`../../fixtures/k8s/${dir}/${name}`, import.meta.url), 'utf8') })),
);

const asJson = (text: string): string | undefined => {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0) return undefined;
  return `${JSON.stringify(docs[0]!.toJS(), null, 2)}\n`;
};

const findings = async (path: string, text: string): Promise<string[]> =>
  (await scanFragments([{ path, text }])).findings.map((f) => `${f.line} ${f.ruleId} ${(f.decoded ?? []).join('>')}`).sort();

describe('JSON manifests', () => {
  const cases = fixtures.flatMap(({ name, text }) => {
    const json = asJson(text);
    return json === undefined ? [] : [{ name, json }];
  });

  it('covers most fixtures (those of one document)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('$name as JSON: the same findings as the same text read as YAML', async ({ name, json }) => {
    const base = name.replace(/\.ya?ml$/, '').replace('/', '-');
    expect(await findings(`k8s/${base}.json`, json)).toEqual(await findings(`k8s/${base}.yaml`, json));
  });

  it('reports a Secret at the root of a JSON file, and nothing of one nested deeper (the visitors read roots)', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'Qm7vR2xTk9pLw3Zs' } }; // leakgate:allow (test input)
    const root = `${JSON.stringify(secret, null, 2)}\n`;
    const nested = `${JSON.stringify({ pipeline: { deploy: secret } }, null, 2)}\n`;
    expect(await findings('deploy/db.json', root)).toEqual(['8 k8s-secret-value k8s-secret-stringData:password']);
    expect(await findings('deploy/db.json', nested)).toEqual(await findings('deploy/db.yaml', nested));
    expect(await findings('deploy/db.json', `${JSON.stringify([secret], null, 2)}\n`)).toEqual(await findings('deploy/db.yaml', `${JSON.stringify([secret], null, 2)}\n`));
  });
});
