/** What every subcommand provides to main: its name, one-line summary, usage text and runner. */
import type { CliIO } from './io.js';

export interface Command {
  name: string;
  /** One line for the command list of `expofmt --help`. */
  summary: string;
  /** The full `expofmt <command> --help` text, ending in LF. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** Exit codes: 0 success, 1 the input is invalid, 2 bad usage or unreadable input. */
export const Exit = { OK: 0, INVALID: 1, USAGE: 2 } as const;
