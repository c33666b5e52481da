/**
 * Known-token detection: the rules in `patterns/`, prefiltered by keyword.
 */
import { Minimatch } from 'minimatch';
import { validateChecksum } from '../patterns/checksum.js';
import { KeywordIndex } from '../patterns/keyword-index.js';
import type { CompiledRule } from '../patterns/rule.js';
import type { Confidence, Fragment, RawFinding } from '../types.js';
import type { Detector } from './detector.js';
import { shannonEntropy } from './entropy-math.js';
import { isStubKeyBlock, looksHandWritten } from './filters.js';
import { judgeJwt } from './jwt.js';
import { isStandIn } from './vocabulary.js';

export function regexDetector(rules: readonly CompiledRule[]): Detector {
  const index = new KeywordIndex(rules.map((rule) => rule.keywords));
  // Compiled once: building a glob's regex for every fragment cost a large history more than its YAML parsing.
  const pathGlobs = rules.map((rule) => rule.paths?.map((glob) => new Minimatch(glob, { dot: true })));
  return (fragment) => {
    const findings: RawFinding[] = [];
    for (const id of index.matchingRules(fragment.text)) {
      const rule = rules[id]!;
      const globs = pathGlobs[id];
      if (globs && !globs.some((glob) => glob.match(fragment.path))) continue;
      findings.push(...matchRule(rule, fragment));
    }
    return findings;
  };
}

/**
 * Whether `[start, end)` lies inside one `${…}` of its line (`redis://${REDIS_PASSWORD:-}@host`): a
 * variable, not a value. The `${` and the `}` are looked for within `VARIABLE_REACH` of the span:
 * searching the whole text for each span made a file that repeats a token thousands of times cost
 * time in the square of its size (minutes for a few megabytes).
 */
function insideVariable(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - VARIABLE_REACH);
  const before = text.slice(from, start + 2).lastIndexOf('${');
  if (before < 0) return false;
  const open = from + before;
  if (text.slice(open, end).includes('\n') || text.slice(open, end - 1).includes('}')) return false;
  return text.slice(end - 1, end - 1 + VARIABLE_REACH).includes('}');
}

const VARIABLE_REACH = 1024;

/** All findings of one rule in a fragment (also used to check a rule's examples). */
export function matchRule(rule: CompiledRule, fragment: Pick<Fragment, 'text'>): RawFinding[] {
  const findings: RawFinding[] = [];
  const confidence: Confidence = rule.checksum ? 'high' : rule.entropy !== undefined ? 'medium' : 'high';
  for (const span of rule.secretSpans(fragment.text)) {
    const secret = fragment.text.slice(span[0], span[1]);
    if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
    if (rule.checksum && !validateChecksum(rule.checksum, secret)) continue;
    if (rule.allowPatterns.some((allow) => allow.test(secret))) continue;
    // `https://USERNAME:PERSONAL_ACCESS_TOKEN@…`, `redis://${REDIS_PASSWORD}@…`: the secret is named, not written.
    if (isStandIn(secret) || insideVariable(fragment.text, span[0], span[1])) continue;
    // A token's own claims: documentation examples and public (anon) keys go down to low.
    const jwt = judgeJwt(secret);
    if (jwt === 'not-a-token') continue;
    findings.push({
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      // A hand-written token (documentation, test fixtures) is still reported, with low
      // confidence; armoured keys hold long runs (base64 of zero bytes) and are judged
      // by the length of their body instead.
      confidence:
        isStubKeyBlock(secret) || jwt === 'example' || jwt === 'public' || (!secret.includes('-----') && looksHandWritten(secret)) ? 'low' : confidence,
      start: span[0],
      end: span[1],
      secret,
    });
  }
  return findings;
}
