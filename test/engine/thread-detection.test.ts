/**
 * Detection on worker threads (a large staged commit): the same findings, notes,
 * stats and clear views as on the main thread, and a failed thread fails the
 * scan. The threads run the built executable (rebuilt from src/ by the global
 * setup), as they do in the CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/allowlist/store.js';
import { threadExecutor } from '../../src/engine/detect-pool.js';
import { createEngine, scan, type FragmentDetection } from '../../src/engine/scan.js';
import { threadDetection, type ThreadDetection } from '../../src/engine/thread-detection.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { SecretVault } from '../../src/findings/vault.js';
import { loadBundledRules } from '../../src/patterns/load.js';
import type { SourceItem } from '../../src/sources/source.js';
import type { Fragment, ScanResult } from '../../src/types.js';
import { secretManifest } from '../helpers/k8s.js';
import { CLI } from '../helpers/repo.js';
import { githubToken } from '../helpers/secrets.js';

const entry = pathToFileURL(CLI);
const dir = mkdtempSync(join(tmpdir(), 'leakgate-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (...items: string[]): string => items.join('\n');
const manifest = secretManifest({ GITHUB_TOKEN: githubToken(4) });
const fragments: Fragment[] = [
  { path: 'a.ts', text: lines('const a = 1;', `const token = "${githubToken(1)}";`), lineNumbers: [1, 2] },
  { path: 'b.ts', text: lines(`const t = "${githubToken(2)}"; // leakgate:allow`, `const u = "${githubToken(3)}";`), lineNumbers: [7, 8] },
  // A structured Secret: the diff's lines and the whole file, for the Kubernetes detector.
  { path: 'k8s/secret.yaml', text: manifest.split('\n').slice(4, 6).join('\n'), lineNumbers: [5, 6], wholeFile: manifest },
  // A file scanned whole (no line numbers): where an `ignore` entry can be judged stale.
  { path: 'whole.env', text: lines(`GITHUB_TOKEN=${githubToken(5)}`, `OTHER=${githubToken(6)}`) },
  { path: 'last.ts', text: `export const last = "${githubToken(7)}";`, lineNumbers: [40] },
];

// One entry allows a secret of the file scanned whole, one matches nothing there (stale).
const configFile = join(dir, 'leakgate.yaml');
writeFileSync(
  configFile,
  [
    'ignore:',
    `  - { fingerprint: ${fingerprint('github-pat', 'whole.env', githubToken(5))}, rule: github-pat, path: whole.env, reason: test }`,
    `  - { fingerprint: ${fingerprint('github-pat', 'whole.env', githubToken(99))}, rule: github-pat, path: whole.env, reason: gone }`,
    '',
  ].join('\n'),
);

async function engine() {
  return createEngine(await loadBundledRules(), await loadConfig(dir, configFile));
}

/** The fragments as a source yields them; `between` runs after the first (the scan waits for it). */
async function* items(between?: () => Promise<void>): AsyncIterable<SourceItem> {
  for (const [i, fragment] of fragments.entries()) {
    yield { fragment };
    if (i === 0) await between?.();
  }
}

/** Everything a scan gives, and the vault's view of each finding. */
function outcome(result: ScanResult, vault: SecretVault) {
  const { durationMs: _durationMs, ...stats } = result.stats;
  return { ...result, stats, views: [...result.findings, ...result.policy].map((finding) => vault.get(finding)) };
}

function detection(vault: SecretVault, config: string, engineHere: Awaited<ReturnType<typeof engine>>): ThreadDetection {
  return threadDetection({
    engine: engineHere,
    setup: { root: dir, config, redact: true },
    redact: true,
    vault,
    threads: 1,
    thresholdChars: 0,
    threadEntry: entry,
  });
}

describe('detection threads', () => {
  it('give the same findings, notes, stats and clear views as this thread', async () => {
    const vaultHere = new SecretVault();
    const here = await scan(await engine(), items(), { redact: true, vault: vaultHere });
    expect(here.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      'a.ts:2 github-pat',
      'b.ts:8 github-pat',
      'k8s/secret.yaml:6 github-pat',
      'last.ts:40 github-pat',
      'whole.env:2 github-pat',
    ]);
    expect(here.notes.map((note) => note.message)).toEqual([expect.stringContaining(`${fingerprint('github-pat', 'whole.env', githubToken(99))} matches nothing`)]);

    const vault = new SecretVault();
    const threadEngine = await engine();
    const threads = detection(vault, configFile, threadEngine);
    try {
      // The first fragment is detected here while the thread starts; the others go to it.
      const there = await scan(threadEngine, items(() => threads.threadsReady()), { redact: true, vault, detection: threads });
      expect(outcome(there, vault)).toEqual(outcome(here, vaultHere));
      expect(vault.get(there.findings.find((f) => f.file === 'last.ts')!)?.secret).toBe(githubToken(7));
    } finally {
      await threads.close();
    }
  });

  it('fail the scan when a thread fails, though this thread could have scanned everything', async () => {
    const threadEngine = await engine();
    const threads = detection(new SecretVault(), join(dir, 'missing.yaml'), threadEngine);
    try {
      const waitForFailure = () => threads.threadsReady().catch(() => undefined);
      await expect(scan(threadEngine, items(waitForFailure), { redact: true, detection: threads })).rejects.toThrow(/detection thread: .*missing\.yaml/);
    } finally {
      await threads.close();
    }
  });

  it('fail the batches a thread cannot scan', async () => {
    const pool = threadExecutor({ root: dir, config: join(dir, 'missing.yaml'), redact: true }, 1, () => {}, 'fragments', entry);
    try {
      await pool.submit({ fragments: fragments.slice(0, 1) });
      await expect(pool.drain()).rejects.toThrow(/detection thread: .*cannot read/);
    } finally {
      await pool.close();
    }
  });

  it('fail the scan when detection ends with a fragment not scanned', async () => {
    const lost: FragmentDetection = { submit: () => undefined, drain: async () => {} };
    await expect(scan(await engine(), items(), { redact: true, detection: lost })).rejects.toThrow(/without scanning every fragment/);
  });
});
