/**
 * The expofmt command line: picks the subcommand, prints help and usage errors, and maps
 * outcomes to exit codes. Everything else lives in the library; the commands only wire it.
 * `main` takes its streams as an argument so tests can run it in-process.
 */
import { UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import { type CliIO, processIO } from './io.js';
import { fmtCommand } from './fmt-command.js';
import { lintCommand } from './lint-command.js';
import { mergeCommand } from './merge-command.js';
import { parseCommand } from './parse-command.js';
import { serveCommandSpec } from './serve-command.js';

const COMMANDS: readonly Command[] = [parseCommand, lintCommand, fmtCommand, mergeCommand, serveCommandSpec];

const USAGE = `Usage: expofmt <command> [options]

Parse and render the Prometheus text exposition formats.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Options:
  -h, --help  show this help

Run 'expofmt <command> --help' for a command's options.
`;

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(USAGE);
    return Exit.USAGE;
  }
  if (name === '-h' || name === '--help') {
    io.stdout.write(USAGE);
    return Exit.OK;
  }
  if (name === 'help') return help(rest, io);
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    io.stderr.write(`expofmt: ${what}\n\n${USAGE}`);
    return Exit.USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`expofmt ${command.name}: ${error.message}\n\n${command.usage}`);
    return Exit.USAGE;
  }
}

/** `expofmt help [command]`. */
function help(args: readonly string[], io: CliIO): number {
  if (args.length === 0) {
    io.stdout.write(USAGE);
    return Exit.OK;
  }
  const command = COMMANDS.find((c) => c.name === args[0]);
  if (command === undefined || args.length > 1) {
    io.stderr.write(`expofmt help: unknown command '${args.join(' ')}'\n\n${USAGE}`);
    return Exit.USAGE;
  }
  io.stdout.write(command.usage);
  return Exit.OK;
}
