/**
 * The look before parsing a manifest (`inMapReach`): a word under a sequence item
 * is out of reach; every YAML form whose structure the indentation may not show
 * answers "in reach", so the Kubernetes detector parses the file as before.
 */
import { describe, expect, it } from 'vitest';
import { inMapReach } from '../../src/detectors/k8s/map-reach.js';
import { parseManifests } from '../../src/detectors/k8s/yaml-nodes.js';
import { scanFragments } from '../helpers/engine.js';

const WORD = /\bSecret\b|ontainers/;

/** A CustomResourceDefinition shape: everything that mentions the words sits in `spec.versions[]`. */
const CRD = [
  'apiVersion: apiextensions.k8s.io/v1',
  'kind: CustomResourceDefinition',
  'metadata:',
  '  name: widgets.example.com',
  'spec:',
  '  group: example.com',
  '  versions:',
  '  - name: v1',
  '    schema:',
  '      openAPIV3Schema:',
  '        properties:',
  '          containers:',
  '            description: |-',
  '              Containers of the pod. *Warning*: a Secret',
  '              && more text',
  '            items:',
  '              type: object',
  "            x-rule: 'self.type == ''Text'' ? has(self.text)",
  "              : !has(self.text) for a Secret'",
  '            pattern: ^[A-Za-z0-9!#$%&\'*+\\-.^_\\x60|~]+$',
  '          secretName:',
  '            description: The Secret',
  '              that holds it',
  '',
].join('\n');

describe('inMapReach', () => {
  it('answers false when every match is under a sequence item', () => {
    expect(inMapReach(CRD, WORD)).toBe(false);
  });

  const inReach: [string, string][] = [
    ['a root kind', 'apiVersion: v1\nkind: Secret\n'],
    ['a key reached through maps', 'kind: Widget\nspec:\n  template:\n    containers:\n    - name: a\n'],
    ['a sibling after a sequence at the same indentation', 'spec:\n  versions:\n  - name: v1\n  containers: []\n'],
    ['a later document', 'kind: A\nlist:\n- Secret\n---\nkind: Secret\n'],
    ['a kind written as a block scalar', 'kind: |\n  Secret\n'],
    ['a kind on the line after its key', 'kind:\n  Secret\n'],
    ['an alias', 'spec: *base\nlist:\n- Secret\n'],
    ['an anchor', 'list:\n- &base\n  containers: []\n'],
    ['a tag before a nested map', 'spec: !!map\n  containers: []\n'],
    ['a letter escape in a double-quoted scalar', 'kind: "S\\x65cret"\n'],
    ['a double-quoted scalar over lines, in reach', 'kind: "Sec\\\n  ret"\n'],
    ['a flow collection over lines', '{\n  kind: Secret }\n'],
    ['a flow collection with an alias', 'list:\n- x\nspec: {a: *b}\n'],
    ['an explicit key', '? kind\n: Secret\n'],
    ['a tab in the indentation', 'spec:\n\tcontainers: []\n'],
    ['a block scalar with an explicit indentation', 'list:\n- a: |2\n    x\n'],
    ['content after a document marker', '--- {kind: Secret}\n'],
    ['a tab inside a sequence item', 'list:\n- a: 1\n  \tb: Secret\n'],
  ];
  it.each(inReach)('answers true for %s', (_name, source) => {
    expect(inMapReach(source, WORD)).toBe(true);
  });

  // Lines inside a sequence item are passed over unread: nothing there is in reach, and a form there
  // that goes on over lines no deeper than the item's dash is invalid YAML, which the detector does not read.
  it('answers false for quoted scalars and flow collections over lines inside a sequence item', () => {
    const source = 'kind: Widget\nlist:\n- a: "multi\n    line Secret"\n  b: [x,\n    containers]\n  c: {d: e,\n    f: Secret}\n';
    expect(parseManifests(source, false)).toBeDefined();
    expect(inMapReach(source, WORD)).toBe(false);
  });
  const underIndented: [string, string][] = [
    ['a quoted scalar', 'list:\n- a: 1\n  b: "x\nkind: Secret"\n'],
    ['a flow collection', 'list:\n- a: 1\n  b: [x,\nkind: Secret]\n'],
    ['a nested quoted scalar', 'list:\n  - a: 1\n    b: "x\n  kind: Secret"\n'],
  ];
  it.each(underIndented)('reads %s that goes on below its sequence item as a line of its own, and the parser reads nothing', (_name, source) => {
    expect(parseManifests(source, false)).toBeUndefined();
    expect(inMapReach(source, WORD)).toBe(true);
  });

  it('answers false for a text without the word, true once it is in reach', () => {
    expect(inMapReach('kind: ConfigMap\ndata:\n  a: b\n', WORD)).toBe(false);
    expect(inMapReach('kind: ConfigMap\ndata:\n  a: b\nlist:\n- containers\n', WORD)).toBe(false);
    expect(inMapReach('kind: ConfigMap\ndata:\n  a: b\n  containers: x\n', WORD)).toBe(true);
  });
});

describe('inMapReach on Helm templates', () => {
  /** A chart's Secret template: a trim-marked action where a node starts. */
  const TEMPLATE = [
    '{{- if .Values.auth.enabled }}',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: {{ include "common.names.fullname" . }}',
    '  labels: {{- include "common.labels.standard" . | nindent 4 }}',
    'data:',
    '  password: {{ .Values.auth.password | b64enc | quote }}',
    '{{- end }}',
    '',
  ].join('\n');

  it('answers false for a file that a trim-marked action makes unparsable, which no parser reads', () => {
    expect(inMapReach(TEMPLATE, WORD)).toBe(false);
    expect(parseManifests(TEMPLATE)).toBeUndefined();
  });

  const actionAt: [string, string][] = [
    ['the first line', '{{- /* a comment */}}\nkind: Secret\n'],
    ['the value of a key on its own line', 'kind: Secret\ndata:\n  {{- toYaml .Values.data | nindent 2 }}\n'],
    ['a sibling key of a mapping', 'metadata:\n  name: a\n  {{- with .Values.labels }}\n  labels: {}\n  {{- end }}\nkind: Secret\n'],
    ['a later document', 'kind: ConfigMap\n---\n{{- if .Values.x }}\nkind: Secret\n{{- end }}\n'],
    ['a trim marker alone on its line', 'kind: Secret\n{{-\n.Values.x }}\n'],
  ];
  it.each(actionAt)('answers false, and the parser reads nothing, for an action at %s', (_name, source) => {
    expect(inMapReach(source, WORD)).toBe(false);
    expect(parseManifests(source)).toBeUndefined();
  });

  const stillRead: [string, string][] = [
    ['inside a block scalar', 'kind: Secret\nstringData:\n  conf: |\n    {{- if .Values.x }}\n    user=a\n'],
    ['in a plain scalar going on over deeper lines', 'kind: Secret\nmetadata:\n  name: a\n    {{- b }}\n'],
    ['in a comment', '# {{- if .Values.x }}\nkind: Secret\n'],
    ['without a trim marker', 'kind: Secret\nmetadata:\n  name: {{ .Values.name }}\n'],
    ['after a sequence dash', 'kind: Secret\nitems:\n- {{- x }}\n'],
  ];
  it.each(stillRead)('still answers by the word for an action %s (no prediction)', (_name, source) => {
    expect(inMapReach(source, WORD)).toBe(true);
  });

  it('parses those that are YAML as before', () => {
    expect(parseManifests(stillRead[0]![1])).toBeDefined();
    expect(parseManifests(stillRead[1]![1])).toBeDefined();
    expect(parseManifests(stillRead[2]![1])).toBeDefined();
  });
});

describe('the Kubernetes detector behind the look', () => {
  const env = ['      env:', '      - name: DB_PASSWORD', '        value: "hOKPzhen1jLp4zTtiA"'];

  it('still reads containers a custom resource holds through maps', async () => {
    const text = ['apiVersion: example.com/v1', 'kind: Widget', 'spec:', '  template:', '    containers:', '    - name: api', ...env, ''].join('\n');
    const { findings } = await scanFragments([{ path: 'widget.yaml', text }]);
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([[9, 'k8s-env-secret']]);
  });

  it('reports the same without a parse when the containers sit in a schema list', async () => {
    const text = ['apiVersion: example.com/v1', 'kind: Widget', 'spec:', '  versions:', '  - containers:', '    - name: api', ...env, ''].join('\n');
    expect(inMapReach(text, WORD)).toBe(false);
    const { findings } = await scanFragments([{ path: 'widget.yaml', text }]);
    // What the line-based detectors see on that line, as before the look existed.
    expect(findings.map((f) => f.ruleId).filter((id) => id.startsWith('k8s-'))).toEqual([]);
  });
});
