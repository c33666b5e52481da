/**
 * Private keys assembled from string literals in code: found in each language's
 * way of joining lines, located from BEGIN to END, and not reported when the
 * literals do not make a key (stubs, filler, a missing footer) or when one literal
 * holds the whole block (the PEM rules report that one).
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONCATENATED_KEY_RULE_ID, concatenatedKeyDetector } from '../../src/detectors/concatenated-key.js';
import { IGNORE_CONTEXT } from '../../src/detectors/detector.js';
import { scanFragments } from '../helpers/engine.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trimEnd();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trimEnd();
const rsaLines = rsa.split('\n');
const ecLines = ec.split('\n');

const detect = (text: string, path = 'src/a.ts') => concatenatedKeyDetector({ path, text }, IGNORE_CONTEXT);

const layouts: [string, string, string][] = [
  ['JavaScript, + at line ends', 'src/key.js', `const key =\n${rsaLines.map((l, i) => `  '${l}\\n'${i < rsaLines.length - 1 ? ' +' : ';'}`).join('\n')}\n`],
  ['Python, implicit concatenation', 'key.py', `KEY = (\n${ecLines.map((l) => `    "${l}\\n"`).join('\n')}\n)\n`],
  ['Java, no newline escapes', 'Keys.java', `static final String KEY =\n${rsaLines.map((l, i) => `    "${l}"${i < rsaLines.length - 1 ? ' +' : ';'}`).join('\n')}\n`],
  ['Go, BEGIN on the declaration line', 'keys.go', `const key = "${ecLines[0]}\\n" +\n${ecLines.slice(1).map((l, i) => `\t"${l}\\n"${i < ecLines.length - 2 ? ' +' : ''}`).join('\n')}\n`],
  ['C#, + at line starts', 'Keys.cs', `var key = "${rsaLines[0]}\\n"\n${rsaLines.slice(1).map((l) => `    + "${l}\\n"`).join('\n')};\n`],
  ['minified JavaScript, one line', 'dist/app.min.js', `var k="${rsaLines[0]}\\n"+${rsaLines.slice(1).map((l) => `"${l}\\n"`).join('+')};sign(k);`],
  ['PHP, . between literals', 'keys.php', `$key = "${ecLines[0]}\\n" .\n${ecLines.slice(1).map((l, i) => `  "${l}\\n"${i < ecLines.length - 2 ? ' .' : ';'}`).join('\n')}\n`],
];

describe('concatenatedKeyDetector', () => {
  it.each(layouts)('%s: one finding from BEGIN to END whose secret is the key', (_name, path, text) => {
    const found = detect(text, path);
    expect(found).toHaveLength(1);
    const [finding] = found;
    expect(finding).toMatchObject({ ruleId: CONCATENATED_KEY_RULE_ID, severity: 'critical', confidence: 'high' });
    expect(text.slice(finding!.start, finding!.start + 11)).toBe('-----BEGIN ');
    expect(text.slice(finding!.end - 5, finding!.end)).toBe('-----');
    const key = ['key.py', 'keys.go', 'keys.php'].includes(path) ? ec : rsa;
    // The secret is the key as the program sees it (line breaks where the literals had `\n`).
    expect(finding!.secret.replace(/\n/g, '')).toBe(key.replace(/\n/g, ''));
  });

  it('reports through the engine at the BEGIN line, once', async () => {
    const [, path, text] = layouts[0]!;
    const result = await scanFragments([{ path, text: `// signing\n${text}` }]);
    expect(result.findings.map((f) => [f.ruleId, f.line, f.endLine])).toEqual([[CONCATENATED_KEY_RULE_ID, 3, 2 + rsaLines.length]]);
    expect(JSON.stringify(result)).not.toContain(rsaLines[1]);
  });

  it('an encrypted key is reported at medium severity', () => {
    const lines = rsa.replace(/RSA PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY').split('\n');
    const [finding] = detect(lines.map((l) => `"${l}\\n" +`).join('\n'));
    expect(finding).toMatchObject({ severity: 'medium' });
  });

  it.each([
    ['a stub body', '"-----BEGIN RSA PRIVATE KEY-----\\n" +\n"MIIEowIBAAKCAQEAxV4mj3C6oXb7wwNMIogR\\n" +\n"-----END RSA PRIVATE KEY-----\\n"'],
    ['filler', `"-----BEGIN RSA PRIVATE KEY-----\\n" +\n${'"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\\n" +\n'.repeat(4)}"-----END RSA PRIVATE KEY-----\\n"`],
    ['a placeholder', '"-----BEGIN PRIVATE KEY-----\\n" +\n"<your key here>\\n" +\n"-----END PRIVATE KEY-----\\n"'],
    ['no footer', `"-----BEGIN RSA PRIVATE KEY-----\\n" +\n${rsaLines.slice(1, -1).map((l) => `"${l}\\n" +`).join('\n')}\nreadRest();`],
    ['a mismatched footer', `"-----BEGIN RSA PRIVATE KEY-----\\n" +\n${rsaLines.slice(1, -1).map((l) => `"${l}\\n" +`).join('\n')}\n"-----END EC PRIVATE KEY-----"`],
    ['one literal with the whole key', JSON.stringify({ key: `${rsa}\n` })],
    ['a plain PEM block', rsa],
    ['a public key', '"-----BEGIN PUBLIC KEY-----\\n" +\n"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEu1SU1LfVLPHCozMxH2Mo4lgOEePz\\n" +\n"NOBAfZSYtQlTV8fRDX4/4p4fqbJmHDuWOXzPQb5dA6nX5sPjEwp3P6Qrrg==\\n" +\n"-----END PUBLIC KEY-----\\n"'],
  ])('does not report %s', (_name, text) => {
    expect(detect(text)).toEqual([]);
  });
});
