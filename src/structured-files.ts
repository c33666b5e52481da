/**
 * Files whose structure the Kubernetes detector reads (manifests, kubeconfigs,
 * Helm values, kustomizations): a diff alone loses the keys and `kind` a value
 * sits under, so sources that read diffs also load these files whole.
 */
export function wantsWholeFile(path: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(path) || /(?:^|\/)(?:kubeconfig|\.kube\/config)$/.test(path);
}
