/**
 * Reads `.leakgate.yaml` (the edge of the allowlist: the only module here that touches files).
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigError } from '../errors.js';
import { EMPTY_CONFIG, type Config } from './config.js';

export const CONFIG_FILE = '.leakgate.yaml';

/**
 * The config at `explicit` (which must exist) or `<root>/.leakgate.yaml` (which may not).
 * The YAML parser is loaded only when there is a file to parse.
 */
export async function loadConfig(root: string, explicit?: string): Promise<Config> {
  const path = explicit ?? join(root, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_CONFIG;
    throw new ConfigError(path, `cannot read: ${(error as Error).message}`);
  }
  const { parseConfig } = await import('./config.js');
  const shown = explicit ?? (relative(process.cwd(), path) || CONFIG_FILE);
  return parseConfig(text, shown);
}
