/** The library entry: the engine without the CLI, for tools that embed leakgate. */
export { createEngine, detect, scan, type Engine, type ScanOptions } from './engine/scan.js';
export { loadBundledRules, loadRuleFiles } from './patterns/load.js';
export { parseConfig, EMPTY_CONFIG, type Config } from './allowlist/config.js';
export { readStaged, stagedItems } from './sources/staged.js';
export { filesSource } from './sources/files.js';
export type * from './types.js';
