/**
 * Named errors. The CLI maps them to exit codes in one place (`exitCodeFor`);
 * everything else throws and never exits.
 */

export const ExitCode = {
  clean: 0,
  findings: 1,
  usage: 2,
  internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Wrong flags or arguments. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A config or rule file that does not validate. `where` names file, rule or key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** A git command failed in a way the scan cannot work around. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`git ${subcommand(args)} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no message'}${missingObjectHint(stderr)}`);
  }
}

/** The git command that `args` run (`log`), past any `-c name=value` before it. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c') i++;
    else if (!args[i]!.startsWith('-')) return args[i]!;
  }
  return '';
}

/**
 * What to do when git cannot read an object the history refers to: a damaged
 * clone, or a mirror or partial clone that left large blobs out.
 */
function missingObjectHint(stderr: string): string {
  return /unable to read|missing blob|bad object|could not fetch|did not receive expected object/i.test(stderr)
    ? '\nThe repository lacks an object its history refers to (a damaged clone, or a partial clone whose remote cannot be reached): `git fsck` names what is missing. Fetch it, or leave the path that holds it out: `leakgate history -- \':(exclude)PATH\'`.'
    : '';
}

/** The command needs a git repository and the working directory is not in one. */
export class NotARepositoryError extends Error {
  override readonly name = 'NotARepositoryError';
  constructor(readonly dir: string) {
    super(`not a git repository: ${dir}`);
  }
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof NotARepositoryError) {
    return ExitCode.usage;
  }
  return ExitCode.internal;
}
