/**
 * `leakgate init`: a commented `.leakgate.yaml` and a pre-commit hook (husky's when
 * the repository uses husky, git's own otherwise). Never overwrites a file it did
 * not write; an existing hook gets leakgate added, not replaced.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CONFIG_FILE } from './allowlist/store.js';
import type { RepoInfo } from './sources/git.js';

export const HOOK_MARKER = '# leakgate: block commits that add secrets';

/** Where editors find the config's JSON Schema: in the package, installed in the repository's node_modules. */
export const CONFIG_SCHEMA_PATH = './node_modules/leakgate/schema/leakgate.schema.json';

export const CONFIG_TEMPLATE = `# yaml-language-server: $schema=${CONFIG_SCHEMA_PATH}
# leakgate configuration: what may be committed although it looks like a secret.
# Every entry should say why. Findings are identified by fingerprints (rule, path
# and a hash of the secret), never by line numbers, so entries survive code moving.

allow:
  # Files never scanned (minimatch globs, relative to the repository root).
  paths: []
  #  - "test/fixtures/**"

  # Regexes on the secret itself (target: secret) or on its whole line (target: line).
  regexes: []
  #  - pattern: "^sk_test_"
  #    target: secret

  # A finding whose secret contains one of these words is allowed.
  stopwords: []

rules:
  # Rule ids to turn off (see patterns/ for the list).
  disable: []

# Single findings judged not to be secrets: the fingerprint printed with the finding.
ignore: []
#  - fingerprint: lg2:0123456789abcdef0123456789abcdef
#    reason: public test key from the provider's documentation
#    author: you@example.com
#    date: 2026-01-31
#    expires: 2026-12-31
`;

export interface InitResult {
  readonly wrote: string[];
  readonly kept: string[];
}

/** The command the hook runs: the project's own install when it has one, else this one. */
export function hookCommand(root: string, cliPath: string): string {
  if (existsSync(join(root, 'node_modules', '.bin', 'leakgate'))) return 'npx --no-install leakgate staged';
  return `${shellQuote(process.execPath)} ${shellQuote(cliPath)} staged`;
}

/** `gitHook`: where git runs the pre-commit hook from, used when the repository has no husky. */
export async function init(repo: RepoInfo, cliPath: string, gitHook: string): Promise<InitResult> {
  const result: InitResult = { wrote: [], kept: [] };
  const configPath = join(repo.root, CONFIG_FILE);
  if (existsSync(configPath)) result.kept.push(CONFIG_FILE);
  else {
    await writeFile(configPath, CONFIG_TEMPLATE);
    result.wrote.push(CONFIG_FILE);
  }

  const command = hookCommand(repo.root, cliPath);
  const husky = existsSync(join(repo.root, '.husky'));
  const hookPath = husky ? join(repo.root, '.husky', 'pre-commit') : gitHook;
  const shown = relative(repo.root, hookPath).split(sep).join('/');
  const existing = existsSync(hookPath) ? await readFile(hookPath, 'utf8') : undefined;
  if (existing?.includes(HOOK_MARKER)) {
    result.kept.push(shown);
  } else {
    const block = `${HOOK_MARKER} (bypass once: git commit --no-verify)\n${command} || exit 1\n`;
    const body = existing === undefined ? `${husky ? '' : '#!/bin/sh\n'}${block}` : `${existing.replace(/\n*$/, '\n')}\n${block}`;
    await mkdir(join(hookPath, '..'), { recursive: true });
    await writeFile(hookPath, body);
    await chmod(hookPath, 0o755);
    result.wrote.push(shown);
  }
  return result;
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
