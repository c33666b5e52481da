/**
 * The progress line (on a terminal only: commits done, total and rate, redrawn in
 * place at most ten times a second) and the summary line every history scan ends with.
 */
import { formatBytes } from '../sources/source.js';
import type { ScanResult } from '../types.js';

const REDRAW_MS = 100;

export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.last < REDRAW_MS && done < total) return;
    this.last = now;
    this.shown = true;
    this.stream.write(`\r\x1b[K${progressText(done, total, now - this.started)}`);
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
  }
}

export function progressText(done: number, total: number, elapsedMs: number): string {
  const width = 24;
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0;
  return `leakgate [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} commits  ${rate} commits/s`;
}

export function summaryLine(result: ScanResult): string {
  const { commits, bytes, durationMs } = result.stats;
  const n = result.findings.length;
  return (
    `leakgate: scanned ${commits} commit${commits === 1 ? '' : 's'} (${formatBytes(bytes)} of diff) ` +
    `in ${(durationMs / 1000).toFixed(1)} s: ${n} finding${n === 1 ? '' : 's'}`
  );
}
