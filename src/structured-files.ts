/**
 * Files whose structure the Kubernetes detector reads (manifests, kubeconfigs,
 * Helm values, kustomizations): a diff alone loses the keys and `kind` a value
 * sits under, so sources that read diffs also load these files whole.
 */
export function wantsWholeFile(path: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(path) || /(?:^|\/)(?:kubeconfig|\.kube\/config)$/.test(path);
}

/**
 * Whether added lines of a manifest could hold anything the Kubernetes detector
 * reports: a secret-like key, a base64-looking value, or a line that policy
 * findings sit on (`kind: Secret`, `secretKeyRef:`, the `secrets` of a Role). A history of image
 * bumps and replica changes then costs no parsing at all.
 */
const STRUCTURE_HINT =
  /pass|pwd|secret|token|key|auth|cred|kind:\s*"?(?:Secret|Config|EncryptionConfiguration|Role|ClusterRole|Kustomization|List)\b|identity|literals|dockercfg|dockerconfigjson|valuefrom/i;
/** A `key: <base64>` line: a Secret's data under a name that says nothing. */
const ENCODED_VALUE_LINE = /:\s*"?[A-Za-z0-9+/]{12,}={0,2}"?,?[ \t]*$/m;

export function mayHoldStructuredSecret(addedText: string): boolean {
  return STRUCTURE_HINT.test(addedText) || ENCODED_VALUE_LINE.test(addedText);
}

/**
 * Binary files that hold private keys by their nature: PKCS#12 bundles and Java
 * key stores. Committing one is a leak even when its password is not.
 */
export function isKeyStore(path: string): boolean {
  return /\.(?:p12|pfx|pkcs12|jks|jceks|bks|keystore)$/i.test(path);
}
