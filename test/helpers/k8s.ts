/** Kubernetes manifests for tests. */

export const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** A `kind: Secret` whose `data` holds `entries`, base64-encoded; `data` starts at line 6. */
export function secretManifest(entries: Record<string, string>, name = 'app'): string {
  return ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${name}`, 'data:', ...Object.entries(entries).map(([k, v]) => `  ${k}: ${b64(v)}`), ''].join('\n');
}
