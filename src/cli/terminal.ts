/**
 * What the CLI does differently on a terminal: colour (`--color`, `NO_COLOR`), a note when
 * standard input is a terminal (the command waits for typed input), and binary output
 * refused on one.
 */
import { UsageError } from './args.js';
import type { CliIO } from './io.js';

export type ColorChoice = 'always' | 'never' | 'auto';
const COLOR_CHOICES: readonly ColorChoice[] = ['always', 'never', 'auto'];

function isTTY(stream: unknown): boolean {
  return (stream as { isTTY?: boolean } | undefined)?.isTTY === true;
}

/** The `--color` option's value, checked. */
export function colorChoice(value: string | boolean | undefined): ColorChoice {
  if (value === undefined) return 'auto';
  if (typeof value === 'string' && (COLOR_CHOICES as readonly string[]).includes(value)) return value as ColorChoice;
  throw new UsageError(`--color must be always, never or auto, got '${String(value)}'`);
}

/**
 * Whether to colour what goes to `stream`: `always` and `never` say so; `auto` colours a
 * terminal unless NO_COLOR is set to anything non-empty (no-color.org).
 */
export function useColor(choice: ColorChoice, stream: unknown, env: NodeJS.ProcessEnv = process.env): boolean {
  if (choice !== 'auto') return choice === 'always';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY(stream);
}

/** Reading `-` from a terminal waits for typed input: say so, on stderr, so nobody thinks it hangs. */
export function noteTerminalStdin(io: CliIO, command: string): void {
  if (isTTY(io.stdin)) io.stderr.write(`expofmt ${command}: reading standard input from the terminal (end with Ctrl-D; expofmt ${command} --help for usage)\n`);
}

/** Binary output on a terminal garbles it: refused unless it goes to a file. */
export function refuseBinaryOnTerminal(io: CliIO, format: { name: string; binary: boolean }): void {
  if (format.binary && isTTY(io.stdout)) {
    throw new UsageError(`--to ${format.name} writes binary data, not shown on a terminal: redirect stdout or give -o FILE`);
  }
}
