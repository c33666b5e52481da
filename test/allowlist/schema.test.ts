/**
 * schema/leakgate.schema.json, the JSON Schema editors use for `.leakgate.yaml`,
 * agrees with the config loader: the same keys everywhere (each table row below
 * pairs a place in the schema with the loader's list for it, so a new key is one
 * row or one entry), every example config is valid for both, and configs the
 * loader refuses the schema refuses too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig, RULE_ID } from '../../src/allowlist/config.js';
import { CONFIG_SCHEMA_PATH, CONFIG_TEMPLATE } from '../../src/init.js';
import { CHECKSUM_IDS } from '../../src/patterns/checksum.js';
import { RULE_FIELDS, SEVERITIES } from '../../src/patterns/rule.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  items?: SchemaNode;
  enum?: unknown[];
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
}
const schema = JSON.parse(read('schema/leakgate.schema.json')) as SchemaNode & { $schema: string };
const defs = schema.$defs!;

// CommonJS packages: their exports are on `default` under NodeNext typing (and at run time).
const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictTypes: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

function schemaErrors(config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

/** Where in the schema each of the loader's key lists is described. */
const AGREEMENT: readonly (readonly [string, SchemaNode, readonly string[]])[] = [
  ['top level', schema, CONFIG_KEYS.top],
  ['allow', defs.allow!, CONFIG_KEYS.allow],
  ['allow.regexes[]', defs.allowRegex!, CONFIG_KEYS.allowRegex],
  ['rules.<rule-id>', defs.ruleSettings!, CONFIG_KEYS.ruleSettings],
  ['ignore[]', defs.ignoreEntry!, CONFIG_KEYS.ignore],
  ['limits', schema.properties!.limits!, CONFIG_KEYS.limits],
  ['customRules[]', defs.customRule!, [...RULE_FIELDS]],
];

describe('the config schema and the loader agree', () => {
  it('is JSON Schema 2020-12, shipped in the package, and named by the config init writes', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect((JSON.parse(read('package.json')) as { files: string[] }).files).toContain('schema');
    expect(CONFIG_TEMPLATE.split('\n')[0]).toBe(`# yaml-language-server: $schema=${CONFIG_SCHEMA_PATH}`);
    expect(CONFIG_SCHEMA_PATH.replace('./node_modules/leakgate/', '')).toBe('schema/leakgate.schema.json');
  });

  it.each(AGREEMENT)('%s: the same keys, and no others', (_where, node, keys) => {
    expect(Object.keys(node.properties ?? {}).sort()).toEqual([...keys].sort());
    expect(node.additionalProperties).toBe(false);
  });

  it('rules: `disable` and rule ids, spelled as the loader reads them', () => {
    const rules = schema.properties!.rules!;
    expect(Object.keys(rules.properties!)).toEqual(['disable']);
    // Any other key is a rule id (the schema says so for every key but `disable`).
    expect(Object.keys(rules.patternProperties!)).toEqual([`^(?!disable$)${RULE_ID.source.slice(1)}`]);
    expect((defs.ruleId as { pattern?: string }).pattern).toBe(RULE_ID.source);
  });

  it('custom rules: the severities and checksums the loader knows', () => {
    expect(defs.customRule!.properties!.severity!.enum).toEqual([...SEVERITIES]);
    expect(defs.customRule!.properties!.checksum!.enum).toEqual([...CHECKSUM_IDS]);
  });
});

/** README blocks of YAML that are configs: their first key is one of the config's. */
function readmeConfigs(): { name: string; text: string }[] {
  const blocks = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks
    .filter((text) => (CONFIG_KEYS.top as readonly string[]).includes(/^([A-Za-z]+):/m.exec(text)?.[1] ?? ''))
    .map((text, i) => ({ name: `README.md config #${i + 1}`, text }));
}

function fixtureConfigs(dir = join(root, 'fixtures')): { name: string; text: string }[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return fixtureConfigs(path);
    return /(^|\.)leakgate\.ya?ml$/.test(entry) ? [{ name: relative(root, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

const EXAMPLES = [
  ...readmeConfigs(),
  ...fixtureConfigs(),
  { name: 'the config init writes', text: CONFIG_TEMPLATE },
  { name: "leakgate's own .leakgate.yaml", text: read('.leakgate.yaml') },
];

describe('every example config is valid for the schema and the loader', () => {
  it('finds the README examples', () => {
    // The config reference and the custom rules section.
    expect(readmeConfigs().length).toBeGreaterThanOrEqual(2);
  });

  it.each(EXAMPLES)('$name', ({ name, text }) => {
    expect(() => parseConfig(text, name)).not.toThrow();
    expect(schemaErrors(parse(text))).toEqual([]);
  });
});

describe('what the loader refuses, the schema refuses', () => {
  const INVALID: readonly (readonly [string, string])[] = [
    ['an unknown top-level key', 'allowlist:\n  paths: []\n'],
    ['an unknown allow key', 'allow:\n  files: [a]\n'],
    ['a regex without its target', 'allow:\n  regexes:\n    - pattern: "^x"\n'],
    ['a regex target that is neither secret nor line', 'allow:\n  regexes:\n    - { pattern: "^x", target: file }\n'],
    ['an absolute glob', 'allow:\n  paths: ["/etc/**"]\n'],
    ['a rule id in capitals', 'rules:\n  GitHub-PAT:\n    paths: ["a/**"]\n'],
    ['an unknown rule setting', 'rules:\n  github-pat:\n    severity: low\n'],
    ['an entropy above 8 bits', 'rules:\n  github-pat:\n    entropy: 9\n'],
    ['an ignore entry without a fingerprint', 'ignore:\n  - reason: test\n'],
    ['a malformed fingerprint', 'ignore:\n  - fingerprint: lg1:xyz\n'],
    ['an ignore entry with an unknown key', 'ignore:\n  - { fingerprint: "lg1:0123456789abcdef0123456789abcdef", why: x }\n'],
    ['a date that is not YYYY-MM-DD', 'ignore:\n  - { fingerprint: "lg1:0123456789abcdef0123456789abcdef", expires: "31/12/2026" }\n'],
    ['a size that is not one', 'maxFileSize: huge\n'],
    ['a custom rule without examples', 'customRules:\n  - { id: acme, title: ACME, severity: high, regex: "acme_[a-z]{8}", secretGroup: 0, keywords: [acme_] }\n'],
  ];

  it.each(INVALID)('%s', (_what, text) => {
    expect(() => parseConfig(text, '.leakgate.yaml')).toThrow();
    expect(schemaErrors(parse(text))).not.toEqual([]);
  });
});
