/** A finding as the review screen receives it: redacted, with a context line, for the TUI tests. */
import type { Finding } from '../../src/types.js';

export function reviewFinding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'generic-password',
    title: 'Password assigned to `db_password`',
    severity: 'high',
    confidence: 'medium',
    file: 'src/app.ts',
    line: 3,
    column: 29,
    endLine: 3,
    endColumn: 45,
    secret: 'Qz…4N',
    context: 'export const db_password = "Qz…4N";',
    fingerprint: 'lg2:06baa373e7ead6662b1cc305eac190dd',
    ...over,
  };
}
