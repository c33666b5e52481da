/**
 * Private keys written into source code as string literals joined line by line:
 *
 *     const key = "-----BEGIN RSA PRIVATE KEY-----\n" +
 *         "MIIEowIBAAKCAQEA...\n" +
 *         "-----END RSA PRIVATE KEY-----";
 *
 * (JavaScript, Java, C#, Go with `+`; Python's implicit concatenation inside
 * parentheses; PHP's `.`). The quotes and operators between the lines hide the key
 * from the PEM rules, so this detector reads the literals from the `BEGIN` line on,
 * joins their contents with the escapes decoded, and reports the key when the
 * joined text is a whole PEM block with a real body (RFC 7468). Pure.
 */
import type { RawFinding } from '../types.js';
import type { Detector } from './detector.js';
import { shannonEntropy } from './entropy-math.js';

export const CONCATENATED_KEY_RULE_ID = 'private-key-in-code';

const BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----/g;
/** One string literal on a line: double, single or back quotes, with backslash escapes. */
const LITERAL = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\\n]|\\.)*)`/g;
/** Lines read after the `BEGIN` line: a 4096-bit RSA key is about 50 lines of 64 characters. */
const MAX_LINES = 120;
/** Shorter bodies are stubs in tests and documentation (the PEM rules use the same floor). */
const MIN_BODY = 64;
/** Bits per character below which a body is filler (`AAAA...`, `xxxx...`), not key material. */
const MIN_BODY_ENTROPY = 4;

export const concatenatedKeyDetector: Detector = (fragment) => {
  const { text } = fragment;
  if (!text.includes('-----BEGIN')) return [];
  const findings: RawFinding[] = [];
  let resumeAt = 0;
  for (const begin of text.matchAll(BEGIN)) {
    if (begin.index < resumeAt) continue;
    const found = assemble(text, begin.index, begin[1]!);
    if (!found) continue;
    findings.push(found);
    resumeAt = found.end;
  }
  return findings;
};

function assemble(text: string, at: number, label: string): RawFinding | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const footer = `-----END ${label}-----`;
  let joined = '';
  let literals = 0;
  let end = -1;
  let line = lineStart;
  for (let read = 0; read <= MAX_LINES && line < text.length; read++) {
    const next = text.indexOf('\n', line);
    const lineEnd = next < 0 ? text.length : next;
    let any = false;
    LITERAL.lastIndex = 0;
    const source = text.slice(line, lineEnd);
    for (const literal of source.matchAll(LITERAL)) {
      const literalEnd = line + literal.index + literal[0].length;
      // On the first line, only the literal holding `BEGIN` and those after it.
      if (literalEnd <= at) continue;
      any = true;
      literals++;
      joined += unescape(literal[1] ?? literal[2] ?? literal[3] ?? '');
      if (joined.includes(footer)) {
        end = literalEnd - 1;
        break;
      }
    }
    if (end >= 0 || !any) break;
    line = lineEnd + 1;
  }
  // One literal holding the whole key is a plain PEM block: the PEM rules report it.
  if (end < 0 || literals < 2) return undefined;
  const from = joined.indexOf(`-----BEGIN ${label}-----`);
  const to = joined.indexOf(footer) + footer.length;
  if (from < 0) return undefined;
  const pem = joined.slice(from, to);
  if (!hasKeyBody(pem, label, footer)) return undefined;
  const encrypted = label.startsWith('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(pem);
  return {
    ruleId: CONCATENATED_KEY_RULE_ID,
    title: 'Private key (PEM) assembled from string literals in code',
    severity: encrypted ? 'medium' : 'critical',
    confidence: 'high',
    start: at,
    end: textEndOfFooter(text, at, end),
    secret: pem,
  };
}

/** The end of the footer in the text when it is written whole, else the end of the last literal. */
function textEndOfFooter(text: string, from: number, lastLiteralEnd: number): number {
  const footer = text.indexOf('-----END ', from);
  if (footer >= 0 && footer < lastLiteralEnd) {
    const close = text.indexOf('-----', footer + 9);
    if (close >= 0 && close < lastLiteralEnd) return close + 5;
  }
  return lastLiteralEnd;
}

function hasKeyBody(pem: string, label: string, footer: string): boolean {
  const inner = pem.slice(`-----BEGIN ${label}-----`.length, pem.length - footer.length);
  // RFC 1421 headers of legacy encrypted keys (`Proc-Type:`, `DEK-Info:`) are not body.
  const body = inner
    .split('\n')
    .filter((row) => !row.includes(':'))
    .join('')
    .replace(/\s+/g, '');
  return body.length >= MIN_BODY && /^[A-Za-z0-9+/]+={0,2}$/.test(body) && shannonEntropy(body) >= MIN_BODY_ENTROPY;
}

/** The escapes that occur in a PEM literal; any other escaped character stands for itself. */
function unescape(literal: string): string {
  if (!literal.includes('\\')) return literal;
  return literal.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char === 'r' ? '' : char === 't' ? '\t' : char));
}
