/**
 * Generic decoding: long base64, base64url, hex and percent-encoded strings
 * anywhere are decoded and the text detectors run on the result, recursively,
 * with a depth limit and a byte budget per fragment so that no input can make
 * decoding cost more than a bounded amount of time and memory. Findings point
 * at the encoded string in the file.
 */
import type { RawFinding } from '../types.js';
import type { Detector } from './detector.js';
import { asText, decodeBase64Strict, decodeBase64Url, decodeHex, decodePercent } from './encoding.js';
import type { InnerScan } from './k8s/k8s.js';

export interface DecodeLimits {
  /** Encodings peeled off one inside the other, at most. */
  readonly maxDepth: number;
  /** Decoded bytes per fragment, at most. */
  readonly maxBytes: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxDepth: 4, maxBytes: 512 * 1024 };

/**
 * Candidates are found with two plain character-class scans (fast on any input),
 * then told apart here: one pass over everything with an alternation of four
 * encodings cost more than the rest of detection on a large history.
 */
/** Characters of base64, base64url and hex runs. */
const RUN_CHAR = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') RUN_CHAR[char.charCodeAt(0)] = 1;
const MIN_RUN = 40;
const EQUALS = 0x3d;
const PERCENT = 0x25;
/** Characters of a percent-encoded run besides its `%XX` escapes (URL-safe characters). */
const URL_CHAR = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+-') URL_CHAR[char.charCodeAt(0)] = 1;
const HEX_DIGIT = new Uint8Array(128);
for (const char of '0123456789abcdefABCDEF') HEX_DIGIT[char.charCodeAt(0)] = 1;
/** Characters (escapes counted as one) a percent-encoded run holds at least. */
const MIN_PERCENT_RUN = 24;
const HEX = /^[0-9a-fA-F]+$/;

interface Layer {
  readonly encoding: string;
  readonly text: string;
}

function decodeCandidate(candidate: string): Layer | undefined {
  let bytes: Buffer | undefined;
  let encoding: string;
  if (candidate.includes('%')) {
    const text = decodePercent(candidate);
    return text === undefined || text === candidate ? undefined : { encoding: 'percent', text };
  } else if (candidate.length >= 48 && candidate.length % 2 === 0 && HEX.test(candidate)) {
    encoding = 'hex';
    bytes = decodeHex(candidate);
  } else if (/[-_]/.test(candidate)) {
    if (/[+/]/.test(candidate)) return undefined;
    encoding = 'base64url';
    bytes = decodeBase64Url(candidate);
  } else {
    encoding = 'base64';
    bytes = decodeBase64Strict(candidate.length % 4 === 0 ? candidate : `${candidate}${'='.repeat((4 - (candidate.length % 4)) % 4)}`);
  }
  const text = bytes ? asText(bytes) : undefined;
  // Short or mostly non-letter results are noise (hashes, binary that happens to be valid UTF-8).
  if (text === undefined || text.length < 8 || !/[A-Za-z]{3}/.test(text)) return undefined;
  return { encoding, text };
}

/**
 * Maximal runs of encoding characters, 40 or longer, with up to two `=` of
 * padding, not glued to `%` (percent-encoding) or followed by a third `=`. A run
 * right after `=` is a value (`CREDENTIALS_B64=…`) and is decoded. A plain loop over the characters: the regex
 * it replaces tested a lookbehind at every position and cost more than all the
 * text detectors together on a long history.
 */
export function encodedRuns(text: string): { index: number; value: string }[] {
  const runs: { index: number; value: string }[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    let code = text.charCodeAt(i);
    if (code >= 128 || RUN_CHAR[code] === 0) {
      i++;
      continue;
    }
    const start = i;
    do {
      i++;
      code = i < length ? text.charCodeAt(i) : 128;
    } while (code < 128 && RUN_CHAR[code] === 1);
    if (i - start < MIN_RUN) continue;
    let end = i;
    while (end < length && end - i < 2 && text.charCodeAt(end) === EQUALS) end++;
    const before = start > 0 ? text.charCodeAt(start - 1) : 0;
    const after = end < length ? text.charCodeAt(end) : 0;
    const afterInRun = after < 128 && RUN_CHAR[after] === 1;
    if (before !== PERCENT && after !== PERCENT && after !== EQUALS && !afterInRun) {
      runs.push({ index: start, value: text.slice(start, end) });
    }
    i = end;
  }
  return runs;
}

/**
 * Percent-encoded runs: `MIN_PERCENT_RUN` or more URL-safe characters and `%XX`
 * escapes, at least one escape among them, neither glued to another such
 * character nor followed by a `%` that starts no escape. A plain loop over the
 * characters, as `encodedRuns`: the regex it replaces
 * (`(?<![A-Za-z0-9._~+%-])(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-]){24,}(?![A-Za-z0-9._~+%-])`,
 * kept in the tests as the oracle) tested its lookbehind at every position of
 * every text holding a `%`, and cost a chart history 0.8 s.
 */
export function percentRuns(text: string): { index: number; value: string }[] {
  const runs: { index: number; value: string }[] = [];
  const length = text.length;
  const inRun = (at: number): boolean => {
    const code = text.charCodeAt(at);
    return code < 128 && (URL_CHAR[code] === 1 || code === PERCENT);
  };
  let i = 0;
  for (;;) {
    // Only a run that holds a `%` can be one: from the start of the next such run.
    const percent = text.indexOf('%', i);
    if (percent < 0) return runs;
    let start = percent;
    while (start > i && inRun(start - 1)) start--;
    i = start;
    let units = 0;
    let escapes = 0;
    for (;;) {
      const code = i < length ? text.charCodeAt(i) : 128;
      if (code < 128 && URL_CHAR[code] === 1) i++;
      else if (code === PERCENT && i + 2 < length && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
        i += 3;
        escapes++;
      } else break;
      units++;
    }
    // What stops the units must not be a run character (a `%` that starts no escape is one).
    if (i < length && inRun(i)) {
      while (i < length && inRun(i)) i++;
      continue;
    }
    if (units >= MIN_PERCENT_RUN && escapes > 0) runs.push({ index: start, value: text.slice(start, i) });
  }
}

const isHex = (code: number): boolean => code < 128 && HEX_DIGIT[code] === 1;

function candidates(text: string): { index: number; value: string }[] {
  const found = encodedRuns(text);
  if (text.includes('%')) found.push(...percentRuns(text));
  return found;
}

function hasCandidate(text: string): boolean {
  return candidates(text).length > 0;
}

export function decodeDetector(inner: InnerScan, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Detector {
  return (fragment, context) => {
    let budget = limits.maxBytes;
    let budgetNoted = false;
    let depthNoted = false;
    const findings: RawFinding[] = [];

    const scanEncoded = (text: string, depth: number, path: readonly string[], span: [number, number] | undefined): void => {
      for (const match of candidates(text)) {
        const candidate = match.value;
        if (budget <= 0) {
          if (!budgetNoted) context.note(`decoding stopped after ${limits.maxBytes} bytes; the rest was checked as text only`);
          budgetNoted = true;
          return;
        }
        if (candidate.length > limits.maxBytes) {
          context.note(`an encoded string of ${candidate.length} characters was not decoded (above the ${limits.maxBytes}-byte limit)`);
          continue;
        }
        const layer = decodeCandidate(candidate);
        if (!layer) continue;
        budget -= layer.text.length;
        const here = span ?? [match.index, match.index + candidate.length];
        const layerPath = [...path, layer.encoding];
        for (const found of inner(layer.text, fragment.path, context)) {
          findings.push({ ...found, start: here[0], end: here[1], decoded: [...layerPath, ...(found.decoded ?? [])] });
        }
        if (depth + 1 >= limits.maxDepth) {
          if (!depthNoted && hasCandidate(layer.text)) {
            context.note(`encoded text nested more than ${limits.maxDepth} levels deep was not decoded further`);
            depthNoted = true;
          }
          continue;
        }
        scanEncoded(layer.text, depth + 1, layerPath, here);
      }
    };

    scanEncoded(fragment.text, 0, [], undefined);
    return findings;
  };
}
