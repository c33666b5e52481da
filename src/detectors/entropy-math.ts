/**
 * Shannon entropy in bits per character, over UTF-16 code units.
 *
 * The `shannon-entropy` package computes the same quantity over arrays of objects
 * through a callback; it allocates an object per character, which is too slow for
 * a per-token hot path. It serves as the reference implementation in tests.
 */
const counts = new Uint32Array(65536);

export function shannonEntropy(text: string): number {
  const length = text.length;
  if (length === 0) return 0;
  let entropy = 0;
  for (let i = 0; i < length; i++) counts[text.charCodeAt(i)]!++;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const count = counts[code]!;
    if (count === 0) continue;
    const p = count / length;
    entropy -= p * Math.log2(p);
    counts[code] = 0;
  }
  return entropy;
}
