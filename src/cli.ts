#!/usr/bin/env node
/**
 * The edge: builds the command line from `commands/`, runs it, and maps errors to
 * exit codes in one place. Only the CLI edge writes to the terminal.
 */
import { Command } from 'commander';
import { registerBaseline } from './commands/baseline.js';
import { registerCommitMsg } from './commands/commit-msg.js';
import { registerExplain } from './commands/explain.js';
import { registerFiles } from './commands/files.js';
import { registerHistory } from './commands/history.js';
import { registerInit } from './commands/init.js';
import { registerReview } from './commands/review.js';
import { registerRules } from './commands/rules.js';
import { registerStaged } from './commands/staged.js';
import { registerPreReceive } from './commands/pre-receive.js';
import { loadBundledRules } from './patterns/load.js';
import { ExitCode, exitCodeFor } from './errors.js';
import { DETECT_THREAD_FLAG } from './engine/detect-pool.js';
import { workerThreads } from './lazy-builtins.js';
import { printableLines } from './printable.js';
import { TOOL } from './version.js';

const program = new Command('leakgate')
  .description('Stops secrets before they are committed.')
  .version(TOOL.version)
  .showHelpAfterError()
  .exitOverride();

/** The commands, by name, in the order help lists them. */
const COMMANDS: readonly (readonly [string, (program: Command) => void])[] = [
  ['staged', registerStaged],
  ['commit-msg', registerCommitMsg],
  ['files', registerFiles],
  ['history', registerHistory],
  ['baseline', registerBaseline],
  ['review', registerReview],
  ['init', registerInit],
  ['rules', registerRules],
  ['explain', registerExplain],
  ['pre-receive', registerPreReceive],
];

/**
 * A hook names its command first (`leakgate staged …`): only that one is built,
 * which spares every commit the options of the nine others. Anything else (help,
 * an option first, an unknown or mistyped name) gets them all, so help lists
 * every command and commander can suggest the one meant.
 */
function registerCommands(argv: readonly string[]): void {
  const named = COMMANDS.find(([name]) => name === argv[2]);
  for (const [, register] of named ? [named] : COMMANDS) register(program);
}

async function main(argv: readonly string[]): Promise<void> {
  endQuietlyOnClosedOutput();
  try {
    if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
      process.stdout.write(`${TOOL.name} ${TOOL.version} (${(await loadBundledRules()).length} rules)\n`);
      return;
    }
    registerCommands(argv);
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = handleError(error, argv[2]);
  }
}

/**
 * A reader that stops early (`leakgate rules | head`) closes the pipe: the output
 * is no longer wanted, which is not an error. Ends without a stack trace, keeping
 * the exit code decided so far.
 */
function endQuietlyOnClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
}

function handleError(error: unknown, command: string | undefined): number {
  const commanderError = error as { code?: string; exitCode?: number };
  if (typeof commanderError.code === 'string' && commanderError.code.startsWith('commander.')) {
    // Help and version exit 0; anything else commander rejects is a usage error (already printed).
    return commanderError.exitCode === 0 ? ExitCode.clean : ExitCode.usage;
  }
  const code = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  // Messages can carry paths, refs and git's own output: no control character reaches the terminal.
  process.stderr.write(`leakgate: ${code === ExitCode.internal ? 'internal error: ' : ''}${printableLines(message)}\n`);
  if (code === ExitCode.internal && process.env.LEAKGATE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  if (command === 'staged' || command === 'commit-msg') {
    // Fail closed: a hook that cannot check must not let the commit through.
    process.stderr.write(
      'leakgate: the commit is blocked because it could not be checked.\n' +
        'Fix the problem above, or bypass this check once with: git commit --no-verify\n',
    );
  }
  if (command === 'pre-receive') process.stderr.write('leakgate: the push is refused because it could not be checked.\n');
  return code;
}

// The bundle is also the entry of history's detection threads, which must not run the CLI.
// The flag is checked first so that a plain run never loads `node:worker_threads`;
// typed by hand on the main thread, it is an unknown option like any other.
if (!process.argv.includes(DETECT_THREAD_FLAG) || workerThreads().isMainThread) void main(process.argv);
