/**
 * Redaction: the only form in which a secret leaves the pipeline by default.
 * Short secrets show nothing but their length class; long ones keep a few
 * characters at each end so a person can tell which key it is.
 */

export const MASK = '…';

export function redact(secret: string): string {
  const visible = Math.min(4, Math.floor(secret.length / 8));
  if (visible === 0) return '*'.repeat(Math.min(8, Math.max(3, secret.length)));
  return `${secret.slice(0, visible)}${MASK}${secret.slice(-visible)}`;
}

/** `line` with every occurrence of `secret` replaced by `replacement`. */
export function maskIn(line: string, secret: string, replacement: string): string {
  return secret.length === 0 ? line : line.split(secret).join(replacement);
}
