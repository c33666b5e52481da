/**
 * Kubernetes-aware detection. Base64 is encoding, not encryption: a committed
 * Secret manifest is a leaked secret. This detector parses manifests (every
 * document, `kind: List` items, JSON too), decodes what Kubernetes decodes, runs
 * the other detectors on the decoded text, and reports each finding at the line
 * of the key whose value holds it, with the path that led there.
 *
 * The safe alternatives (SealedSecret, ExternalSecret, SecretProviderClass,
 * SOPS-encrypted files) are never flagged: their ciphertext is suppressed for
 * every detector.
 */
import { isMap, isScalar, type Node } from 'yaml';
import { isHelmValuesFile, wantsWholeFile } from '../../structured-files.js';
import type { Confidence, Fragment, RawFinding } from '../../types.js';
import type { Detector, DetectorContext } from '../detector.js';
import { asText, base64UserPassword, decodeBase64Strict } from '../encoding.js';
import { shannonEntropy } from '../entropy-math.js';
import { isPlaceholderValue, isProse } from '../filters.js';
import { SourceLocator } from './locate.js';
import { inMapReach } from './map-reach.js';
import { configValueVerdict } from '../entropy.js';
import { isSecretKey, valueKind } from '../vocabulary.js';
import { asMap, entries, field, items, MAX_ALIAS_FOLLOWS, parseManifests, range, scalarText, stringAt, type YamlMap } from './yaml-nodes.js';

/** Runs the text detectors on decoded text (injected: detectors do not know each other). */
export type InnerScan = (text: string, path: string, context: DetectorContext) => RawFinding[];

/** The rule ids this detector reports (besides those of the rules it runs on decoded text). */
export const K8S_RULE_IDS = [
  'k8s-secret-value',
  'k8s-secret-malformed',
  'k8s-registry-credential',
  'kubeconfig-credential',
  'k8s-encryption-key',
  'k8s-env-secret',
  'kustomize-secret-literal',
  'helm-values-secret',
  'k8s-native-secret',
  'k8s-secret-env',
  'k8s-rbac-secret-read',
  'k8s-encryption-identity-first',
] as const;

/** Manifests larger than this are not parsed (the line-based detectors still read them). */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

/**
 * Kinds whose presence in the same file makes a native Secret acceptable (policy
 * b9c83569-459b-4110-8f79-6305aa33cb37). The file, not the repository: a store
 * used elsewhere does not make this Secret's inline values any safer.
 */
export const SECRET_STORE_KINDS = new Set(['SecretProviderClass', 'SecretStore', 'ClusterSecretStore']);
/** Kinds that hold references or ciphertext, never a secret in clear. */
const SAFE_KINDS = new Set([
  'SealedSecret',
  'ExternalSecret',
  'ClusterExternalSecret',
  'PushSecret',
  'SecretProviderClass',
  'SecretStore',
  'ClusterSecretStore',
]);
const WORKLOAD_CONTAINER_KEYS = ['containers', 'initContainers', 'ephemeralContainers'];
/** The kinds `visitObject` reads in its own way; any other kind is only searched for containers. */
const VISITED_KINDS = ['List', 'Secret', 'Config', 'EncryptionConfiguration', 'Role', 'ClusterRole', 'Kustomization'];
/**
 * What a manifest must have in map-only reach (see `inMapReach`) for this detector
 * to report or suppress anything in it: a kind it reads, a SOPS or kubeconfig root
 * key, or a containers key (`visitContainers` does not descend into sequences).
 */
const STRUCTURE_WORDS = new RegExp(`\\b(?:${[...VISITED_KINDS, ...SAFE_KINDS, 'sops', 'users'].join('|')})\\b|ontainers`);
/** Decoded values beyond this size are not decoded (a 50 MB value must not cost 50 MB twice). */
export const MAX_DECODED_VALUE_BYTES = 1024 * 1024;

interface Emit {
  (finding: Omit<RawFinding, 'start' | 'end'>, start: number, end: number): void;
}

interface Visit {
  /** Maps offsets in the whole file to the fragment's text (one per fragment: it indexes both). */
  readonly locator: SourceLocator;
  /** A secret store is defined in this file (see SECRET_STORE_KINDS). */
  readonly hasSecretStore: boolean;
  readonly fragment: Fragment;
  readonly source: string;
  readonly inner: InnerScan;
  readonly emit: Emit;
  readonly context: DetectorContext;
}

export function k8sDetector(inner: InnerScan): Detector {
  return (fragment, context) => {
    if (!wantsWholeFile(fragment.path)) return [];
    const source = fragment.wholeFile ?? (fragment.lineNumbers ? undefined : fragment.text);
    if (source === undefined || !source.includes(':')) return [];
    if (!looksLikeManifest(fragment.path, source)) return [];
    if (source.length > MAX_MANIFEST_BYTES) {
      context.note(`${source.length} bytes: too large to parse as a manifest; checked line by line`);
      return [];
    }
    const json = /\.json$/i.test(fragment.path);
    if (json && !jsonRootIsVisited(source)) return [];
    // Helm values and kustomizations are read without a kind: every key counts there.
    if (!isValuesOrKustomization(fragment.path) && !inMapReach(source, STRUCTURE_WORDS)) return [];
    const parsed = parseManifests(source, json);
    // Not valid YAML (a Helm template, say): the line-based detectors still run.
    if (!parsed) return [];
    const locator = new SourceLocator(fragment, source);
    const findings: RawFinding[] = [];
    const visit: Visit = {
      locator,
      hasSecretStore: parsed.roots.some((root) => isExternalStore(asMap(root), source)),
      fragment,
      source,
      inner,
      context,
      emit: (finding, start, end) => {
        const span = locator.span(start, end);
        if (span) findings.push({ ...finding, start: span[0], end: span[1] });
      },
    };
    for (const root of parsed.roots) {
      const map = asMap(root);
      if (!map) continue;
      if (isSopsFile(map)) {
        context.suppress(0, fragment.text.length);
        return [];
      }
      visitObject(map, visit);
    }
    const unfollowed = parsed.unfollowed();
    if (unfollowed > 0) context.note(`${unfollowed} YAML alias(es) not followed (at most ${MAX_ALIAS_FOLLOWS} per file); their values are checked where they are defined`);
    return findings;
  };
}

/**
 * Parsing is the expensive part; files that cannot be a manifest (a CI config, a
 * package.json) skip it: no `kind` key, and not a Helm values file, a
 * kustomization or a kubeconfig.
 */
function looksLikeManifest(path: string, source: string): boolean {
  if (/^[ \t-]*"?kind"?[ \t]*:/m.test(source)) return true;
  if (isValuesOrKustomization(path)) return true;
  return /^"?users"?[ \t]*:/m.test(source) && /^"?clusters"?[ \t]*:/m.test(source);
}

/**
 * Whether `visitObject` would look at a JSON file at all: its root must be an object
 * with a `kind`, a `sops` or a `users` key (no JSON file is a values file or a
 * kustomization). Told by `JSON.parse`, which is native and fast; the parse with
 * positions is slower by two orders of magnitude, and a chart history holds
 * hundreds of CI files and schemas whose `kind` keys are deeper down. Invalid JSON
 * is not parsed either (`parseManifests` refuses it).
 */
function jsonRootIsVisited(source: string): boolean {
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch {
    return false;
  }
  return typeof root === 'object' && root !== null && !Array.isArray(root) && (Object.hasOwn(root, 'kind') || Object.hasOwn(root, 'sops') || Object.hasOwn(root, 'users'));
}

function isValuesOrKustomization(path: string): boolean {
  return isHelmValuesFile(path) || /(?:^|\/)kustomization\.ya?ml$/.test(path);
}

function visitObject(map: YamlMap, visit: Visit): void {
  const kind = stringAt(map, 'kind', visit.source);
  if (kind && SAFE_KINDS.has(kind)) {
    suppressNode(map, visit);
    return;
  }
  switch (kind) {
    case 'List':
      for (const item of items(field(map, 'items'))) {
        const itemMap = asMap(item);
        if (itemMap) visitObject(itemMap, visit);
      }
      return;
    case 'Secret':
      visitSecret(map, visit);
      return;
    case 'Config':
      visitKubeconfig(map, visit);
      return;
    case 'EncryptionConfiguration':
      visitEncryptionConfig(map, visit);
      return;
    case 'Role':
    case 'ClusterRole':
      visitRole(map, kind, visit);
      return;
    case 'Kustomization':
      visitKustomization(map, visit);
      return;
    default:
      break;
  }
  if (kind === undefined && /(?:^|\/)kustomization\.ya?ml$/.test(visit.fragment.path)) {
    visitKustomization(map, visit);
    return;
  }
  if (kind === undefined && field(map, 'users') && field(map, 'clusters')) {
    visitKubeconfig(map, visit);
    return;
  }
  if (kind !== undefined) {
    visitContainers(map, visit);
    return;
  }
  if (isHelmValuesFile(visit.fragment.path)) visitHelmValues(map, [], visit);
}

/** The safe kinds' bodies look like secrets to line-based detectors: silence them. */
function suppressNode(map: YamlMap, visit: Visit): void {
  const at = range(map);
  if (!at) return;
  const { locator } = visit;
  // Suppress line by line: in a diff fragment the object's lines need not be contiguous.
  let lineStart = at[0];
  while (lineStart < at[1]) {
    const lineEnd = visit.source.indexOf('\n', lineStart);
    const end = lineEnd < 0 || lineEnd > at[1] ? at[1] : lineEnd;
    const span = locator.span(lineStart, end);
    if (span) visit.context.suppress(span[0], span[1]);
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
}

/**
 * A secret store outside the cluster. A SecretStore whose provider is the
 * Kubernetes API of this same cluster (no `server.url`) only reads other native
 * Secrets, so it does not count.
 */
function isExternalStore(map: YamlMap | undefined, source: string): boolean {
  const kind = stringAt(map, 'kind', source);
  if (kind === undefined || !SECRET_STORE_KINDS.has(kind)) return false;
  if (kind === 'SecretProviderClass') return true;
  const kubernetes = asMap(field(asMap(field(asMap(field(map, 'spec')), 'provider')), 'kubernetes'));
  return kubernetes === undefined || stringAt(asMap(field(kubernetes, 'server')), 'url', source) !== undefined;
}

function isSopsFile(map: YamlMap): boolean {
  const sops = asMap(field(map, 'sops'));
  return sops !== undefined && (field(sops, 'mac') !== undefined || field(sops, 'lastmodified') !== undefined);
}

// --- Secret -------------------------------------------------------------------

function visitSecret(map: YamlMap, visit: Visit): void {
  const type = stringAt(map, 'type', visit.source) ?? 'Opaque';
  const name = stringAt(asMap(field(map, 'metadata')), 'name', visit.source) ?? '(unnamed)';
  const data = entries(asMap(field(map, 'data')));
  const stringData = entries(asMap(field(map, 'stringData')));
  const inline = [...data, ...stringData].filter(({ value }) => !isPlaceholderValue(scalarText(value, visit.source) ?? ''));
  if (inline.length > 0 && !visit.hasSecretStore) {
    const kindPair = asMap(map)?.items.find((pair) => isScalar(pair.key) && pair.key.value === 'kind');
    const at = range(kindPair?.key as Node | undefined);
    if (at) {
      visit.emit(
        {
          ruleId: 'k8s-native-secret',
          title: `Kubernetes Secret "${name}" holds its values inline; keep them in a secret store (SecretProviderClass, ExternalSecret)`,
          severity: 'low',
          confidence: 'high',
          secret: `Secret/${name}`,
          policy: true,
        },
        at[0],
        at[1],
      );
    }
  }
  for (const { key, value } of data) {
    const encoded = scalarText(value, visit.source);
    const at = range(value);
    if (encoded === undefined || !at) continue;
    const path = [`k8s-secret-data:${key}`];
    if (encoded.length > MAX_DECODED_VALUE_BYTES * 1.4) {
      visit.context.note(`data.${key}: ${encoded.length} characters, above the decoding cap; checked as text only`);
      continue;
    }
    const bytes = decodeBase64Strict(encoded.trim());
    if (!bytes) {
      // A sentence ("shhhh! it's a github secret") stands where a secret goes, and cannot be one.
      if (isPlaceholderValue(encoded) || isProse(encoded.trim())) continue;
      // JSON in clear (a list of token ids, a config) holds a secret only if the detectors find one in it.
      if (/^\s*[[{]/.test(encoded)) {
        reportInner({ key, section: 'data', text: encoded, raw: encoded, at, path, encoded: false, type }, encoded, visit);
        continue;
      }
      visit.emit(
        {
          ruleId: 'k8s-secret-malformed',
          title: `Kubernetes Secret value \`data.${key}\` is not valid base64 (the API server would reject it; it may be a secret in clear)`,
          severity: 'medium',
          confidence: 'medium',
          secret: encoded,
          decoded: path,
        },
        at[0],
        at[1],
      );
      continue;
    }
    analyzeValue({ key, section: 'data', text: asText(bytes), raw: encoded, at, path: [...path, 'base64'], encoded: true, type }, visit);
  }
  for (const { key, value } of stringData) {
    const text = scalarText(value, visit.source);
    const at = range(value);
    if (text === undefined || !at) continue;
    analyzeValue({ key, section: 'stringData', text, raw: text, at, path: [`k8s-secret-stringData:${key}`], encoded: false, type }, visit);
  }
}

interface Value {
  readonly key: string;
  readonly section: string;
  /** The value as text, undefined when it decoded to binary. */
  readonly text: string | undefined;
  /** The value as written in the manifest. */
  readonly raw: string;
  /** Source range of the value node. */
  readonly at: [number, number];
  readonly path: readonly string[];
  /** True when `text` was decoded from `raw` (the span is then the whole value). */
  readonly encoded: boolean;
  readonly type?: string;
}

const KEYS_BY_SECRET_TYPE: Record<string, readonly string[]> = {
  'kubernetes.io/basic-auth': ['password'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.key'],
  'bootstrap.kubernetes.io/token': ['token-secret'],
  'kubernetes.io/service-account-token': ['token'],
};

function analyzeValue(value: Value, visit: Visit): void {
  if (value.key === '.dockerconfigjson' || value.key === '.dockercfg') {
    if (value.text !== undefined) visitDockerConfig(value, visit);
    return;
  }
  const secretKey = isSecretKey(value.key) || KEYS_BY_SECRET_TYPE[value.type ?? '']?.includes(value.key) === true;
  if (value.text === undefined) {
    // Binary (a keystore, a DER key): the value itself is the secret.
    if (secretKey) reportValue(value, value.raw, 'medium', visit);
    return;
  }
  if (reportInner(value, value.text, visit)) return;
  if (!secretKey || isPlaceholderValue(value.text)) return;
  reportValue(value, value.text.trim(), valueConfidence(value.text.trim()), visit);
}

/** Runs the text detectors on a value; true when they found something. */
function reportInner(value: Value, text: string, visit: Visit, extraPath: readonly string[] = []): boolean {
  // Offsets in a value's text are not offsets in the file: `explain` is told about the file's own candidates only.
  const { note, suppress } = visit.context;
  const found = visit.inner(text, visit.fragment.path, visit.context.candidate ? { note, suppress } : visit.context);
  for (const finding of found) {
    const [start, end] = value.encoded ? value.at : locateIn(visit.source, value.at, finding.secret);
    visit.emit(
      {
        ruleId: finding.ruleId,
        title: finding.title,
        severity: finding.severity,
        confidence: finding.confidence,
        secret: finding.secret,
        decoded: [...value.path, ...extraPath],
      },
      start,
      end,
    );
  }
  return found.length > 0;
}

function reportValue(value: Value, secret: string, confidence: Confidence, visit: Visit, title?: string, ruleId = 'k8s-secret-value'): void {
  const [start, end] = value.encoded ? value.at : locateIn(visit.source, value.at, secret);
  visit.emit(
    {
      ruleId,
      title: title ?? `Secret value in a Kubernetes Secret (\`${value.section}.${value.key}\`)`,
      severity: 'high',
      confidence,
      secret,
      decoded: value.path,
    },
    start,
    end,
  );
}

/** Where `secret` sits inside the value's source range (a block scalar spans lines), else the value. */
function locateIn(source: string, at: readonly [number, number], secret: string): [number, number] {
  const firstLine = secret.split('\n')[0] ?? secret;
  const index = firstLine ? source.indexOf(firstLine, at[0]) : -1;
  if (index >= 0 && index < at[1]) return [index, index + secret.length];
  return [at[0], at[1]];
}

function valueConfidence(value: string): Confidence {
  const entropy = shannonEntropy(value);
  if (value.length >= 16 && entropy >= 3.5) return 'high';
  if (value.length >= 8 && entropy >= 2.5) return 'medium';
  return 'low';
}

// --- .dockerconfigjson --------------------------------------------------------

function visitDockerConfig(value: Value, visit: Visit): void {
  let config: unknown;
  try {
    config = JSON.parse(value.text!);
  } catch {
    reportValue(value, value.text!.trim(), 'medium', visit, `Container registry config in \`${value.section}.${value.key}\` that is not JSON`);
    return;
  }
  if (typeof config !== 'object' || config === null) return;
  const auths = ((config as { auths?: unknown }).auths ?? config) as Record<string, unknown>;
  for (const [registry, entry] of Object.entries(auths)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const fields = entry as Record<string, unknown>;
    const title = `Container registry credential for ${registry} in \`${value.section}.${value.key}\``;
    if (typeof fields.auth === 'string') {
      const password = base64UserPassword(fields.auth)?.password;
      const path = [`json:auths.${registry}.auth`, 'base64'];
      if (password !== undefined && !isPlaceholderValue(password)) {
        if (!reportInner(value, password, visit, path)) {
          reportValue({ ...value, path: [...value.path, ...path] }, password, valueConfidence(password), visit, title, 'k8s-registry-credential');
        }
      }
    }
    for (const name of ['password', 'identitytoken', 'registrytoken']) {
      const secret = fields[name];
      if (typeof secret !== 'string' || isPlaceholderValue(secret)) continue;
      const path = [`json:auths.${registry}.${name}`];
      if (!reportInner(value, secret, visit, path)) {
        reportValue({ ...value, path: [...value.path, ...path] }, secret, valueConfidence(secret), visit, title, 'k8s-registry-credential');
      }
    }
  }
}

// --- kubeconfig -----------------------------------------------------------------

const KUBECONFIG_SECRETS: Record<string, boolean> = {
  'client-key-data': true,
  token: false,
  password: false,
};

function visitKubeconfig(map: YamlMap, visit: Visit): void {
  for (const item of items(field(map, 'users'))) {
    const entry = asMap(item);
    const name = stringAt(entry, 'name', visit.source) ?? '(unnamed)';
    const user = asMap(field(entry, 'user'));
    for (const [key, encoded] of Object.entries(KUBECONFIG_SECRETS)) {
      const node = field(user, key);
      const raw = scalarText(node, visit.source);
      const at = range(node);
      if (raw === undefined || !at || isPlaceholderValue(raw)) continue;
      const path = [`kubeconfig:users.${name}.${key}`];
      const bytes = encoded ? decodeBase64Strict(raw.trim()) : undefined;
      const value: Value = encoded
        ? { key, section: 'user', text: bytes ? asText(bytes) : undefined, raw, at, path: [...path, 'base64'], encoded: true }
        : { key, section: 'user', text: raw, raw, at, path, encoded: false };
      if (value.text !== undefined && reportInner(value, value.text, visit)) continue;
      reportValue(value, (value.text ?? raw).trim(), valueConfidence(raw), visit, `Credential of kubeconfig user "${name}" (\`${key}\`)`, 'kubeconfig-credential');
    }
    const providerConfig = asMap(field(asMap(field(user, 'auth-provider')), 'config'));
    for (const { key, value: node } of entries(providerConfig)) {
      const raw = scalarText(node, visit.source);
      const at = range(node);
      if (!/secret|token/i.test(key) || raw === undefined || !at || isPlaceholderValue(raw)) continue;
      const value: Value = { key, section: 'auth-provider', text: raw, raw, at, path: [`kubeconfig:users.${name}.auth-provider.${key}`], encoded: false };
      if (!reportInner(value, raw, visit)) {
        reportValue(value, raw.trim(), valueConfidence(raw), visit, `Credential of kubeconfig user "${name}" (\`auth-provider.${key}\`)`, 'kubeconfig-credential');
      }
    }
  }
}

// --- EncryptionConfiguration ----------------------------------------------------

const ENCRYPTING_PROVIDERS = ['aescbc', 'aesgcm', 'secretbox'];

function visitEncryptionConfig(map: YamlMap, visit: Visit): void {
  for (const resource of items(field(map, 'resources'))) {
    const providers = items(field(asMap(resource), 'providers'));
    const first = asMap(providers[0]);
    const identity = first?.items.find((pair) => isScalar(pair.key) && pair.key.value === 'identity');
    const identityAt = range(identity?.key as Node | undefined);
    if (identityAt) {
      visit.emit(
        {
          ruleId: 'k8s-encryption-identity-first',
          title: 'EncryptionConfiguration stores Secrets unencrypted: its first provider is `identity`',
          severity: 'low',
          confidence: 'high',
          secret: 'EncryptionConfiguration/identity',
          policy: true,
        },
        identityAt[0],
        identityAt[1],
      );
    }
    for (const provider of providers) {
      for (const { key: providerName, value: config } of entries(asMap(provider))) {
        if (!ENCRYPTING_PROVIDERS.includes(providerName)) continue;
        for (const keyItem of items(field(asMap(config), 'keys'))) {
          const keyMap = asMap(keyItem);
          const node = field(keyMap, 'secret');
          const secret = scalarText(node, visit.source);
          const at = range(node);
          if (secret === undefined || !at || isPlaceholderValue(secret)) continue;
          const keyName = stringAt(keyMap, 'name', visit.source) ?? '(unnamed)';
          visit.emit(
            {
              ruleId: 'k8s-encryption-key',
              title: `Encryption key of the API server (\`${providerName}\` key "${keyName}") in an EncryptionConfiguration`,
              severity: 'critical',
              confidence: 'high',
              secret: secret.trim(),
              decoded: [`k8s-encryption-config:${providerName}.keys.${keyName}`],
            },
            at[0],
            at[1],
          );
        }
      }
    }
  }
}

// --- RBAC -------------------------------------------------------------------------

const READ_VERBS = new Set(['get', 'list', 'watch', '*']);

function visitRole(map: YamlMap, kind: string, visit: Visit): void {
  const name = stringAt(asMap(field(map, 'metadata')), 'name', visit.source) ?? '(unnamed)';
  for (const rule of items(field(map, 'rules'))) {
    const ruleMap = asMap(rule);
    const resourcesNode = field(ruleMap, 'resources');
    const resources = items(resourcesNode).map((node) => scalarText(node, visit.source));
    const verbs = items(field(ruleMap, 'verbs')).map((node) => scalarText(node, visit.source));
    if (!resources.some((r) => r === 'secrets' || r === '*') || !verbs.some((v) => v !== undefined && READ_VERBS.has(v))) continue;
    const at = range(resourcesNode);
    if (!at) continue;
    visit.emit(
      {
        ruleId: 'k8s-rbac-secret-read',
        title: `${kind} "${name}" can read Secrets (${verbs.filter((v) => v && READ_VERBS.has(v)).join(', ')} on secrets)`,
        severity: 'low',
        confidence: 'high',
        secret: `${kind}/${name}`,
        policy: true,
      },
      at[0],
      at[1],
    );
  }
}

// --- Workloads: env -------------------------------------------------------------

function visitContainers(node: Node, visit: Visit, depth = 0): void {
  if (depth > 12 || !isMap(node)) return;
  for (const { key, value } of entries(node as YamlMap)) {
    if (WORKLOAD_CONTAINER_KEYS.includes(key)) {
      for (const container of items(value)) visitContainer(asMap(container), visit);
    } else if (value && isMap(value)) {
      visitContainers(value, visit, depth + 1);
    }
  }
}

function visitContainer(container: YamlMap | undefined, visit: Visit): void {
  if (!container) return;
  const containerName = stringAt(container, 'name', visit.source) ?? '(unnamed)';
  for (const item of items(field(container, 'env'))) {
    const env = asMap(item);
    const name = stringAt(env, 'name', visit.source);
    if (!name) continue;
    const valueFrom = asMap(field(env, 'valueFrom'));
    const secretRef = valueFrom?.items.find((pair) => isScalar(pair.key) && pair.key.value === 'secretKeyRef');
    if (secretRef) {
      emitSecretEnvPolicy(secretRef.key as Node, `\`${name}\` of container "${containerName}"`, visit);
      continue;
    }
    const node = field(env, 'value');
    const raw = scalarText(node, visit.source);
    const at = range(node);
    if (raw === undefined || !at) continue;
    const value: Value = { key: name, section: 'env', text: raw, raw, at, path: [`k8s-env:${containerName}.${name}`], encoded: false };
    if (reportInner(value, raw, visit)) continue;
    if (!isSecretKey(name) || isPlaceholderValue(raw)) continue;
    reportValue(value, raw.trim(), valueConfidence(raw.trim()), visit, `Secret in environment variable \`${name}\` of container "${containerName}"`, 'k8s-env-secret');
  }
  for (const item of items(field(container, 'envFrom'))) {
    const secretRef = asMap(item)?.items.find((pair) => isScalar(pair.key) && pair.key.value === 'secretRef');
    if (secretRef) emitSecretEnvPolicy(secretRef.key as Node, `all keys (envFrom) of container "${containerName}"`, visit);
  }
}

function emitSecretEnvPolicy(keyNode: Node, what: string, visit: Visit): void {
  const at = range(keyNode);
  if (!at) return;
  visit.emit(
    {
      ruleId: 'k8s-secret-env',
      title: `Secret consumed as an environment variable: ${what} (prefer a mounted file; environments leak into logs and child processes)`,
      severity: 'low',
      confidence: 'high',
      secret: `env/${what}`,
      policy: true,
    },
    at[0],
    at[1],
  );
}

// --- kustomize ------------------------------------------------------------------

function visitKustomization(map: YamlMap, visit: Visit): void {
  for (const generator of items(field(map, 'secretGenerator'))) {
    const generatorMap = asMap(generator);
    const name = stringAt(generatorMap, 'name', visit.source) ?? '(unnamed)';
    for (const literal of items(field(generatorMap, 'literals'))) {
      const raw = scalarText(literal, visit.source);
      const at = range(literal);
      const equals = raw?.indexOf('=') ?? -1;
      if (raw === undefined || !at || equals <= 0) continue;
      const key = raw.slice(0, equals);
      const secret = raw.slice(equals + 1);
      const value: Value = { key, section: 'literals', text: secret, raw: secret, at, path: [`kustomize-secretGenerator:${name}.literals.${key}`], encoded: false };
      if (reportInner(value, secret, visit)) continue;
      if (!isSecretKey(key) || isPlaceholderValue(secret)) continue;
      reportValue(value, secret.trim(), valueConfidence(secret.trim()), visit, `Secret in kustomize secretGenerator "${name}" literal \`${key}\``, 'kustomize-secret-literal');
    }
  }
}

// --- Helm values ------------------------------------------------------------------

function visitHelmValues(map: YamlMap, path: readonly string[], visit: Visit): void {
  if (path.length > 12) return;
  for (const { key, value: node } of entries(map)) {
    if (node && isMap(node)) {
      visitHelmValues(node as YamlMap, [...path, key], visit);
      continue;
    }
    const raw = scalarText(node, visit.source);
    const at = range(node);
    if (raw === undefined || !at || !isSecretKey(key)) continue;
    const dotted = [...path, key].join('.');
    const secret = raw.trim();
    // The same verdict as any candidate: booleans, numbers, names and references of secrets are not secrets.
    const verdict = isPlaceholderValue(raw) ? (valueKind(raw) ?? 'placeholder') : configValueVerdict(key, secret);
    visit.context.candidate?.(
      typeof verdict === 'string'
        ? { start: at[0], name: dotted, value: raw, reported: false, reason: verdict }
        : { start: at[0], name: dotted, value: raw, reported: true, reason: 'secret-key', ruleId: 'helm-values-secret' },
    );
    if (typeof verdict === 'string') continue;
    const value: Value = { key, section: 'values', text: raw, raw, at, path: [`helm-values:${dotted}`], encoded: false };
    reportValue(value, secret, valueConfidence(secret), visit, `Secret in Helm values (\`${dotted}\`)`, 'helm-values-secret');
  }
}

