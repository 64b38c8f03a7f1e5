/**
 * The expofmt command line: picks the subcommand, prints help and usage errors, and maps
 * outcomes to exit codes. Everything else lives in the library; the commands only wire it.
 * `main` takes its streams as an argument so tests can run it in-process.
 */
import { VERSION } from '../gateway/version.js';
import { UsageError } from './args.js';
import { closest } from './closest.js';
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
  -h, --help     show this help
      --version  print the version (every command takes it too)

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
  if (name === '--version' || name === '-V') {
    io.stdout.write(`expofmt ${VERSION}\n`);
    return Exit.OK;
  }
  if (name === 'help') return help(rest, io);
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const near = name.startsWith('-')
      ? undefined
      : closest(
          name,
          COMMANDS.map((c) => c.name),
        );
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'${near === undefined ? '' : `; did you mean ${near}?`}`;
    io.stderr.write(`expofmt: ${what}\nsee \`expofmt --help\`\n`);
    return Exit.USAGE;
  }
  if (asksVersion(rest)) {
    io.stdout.write(command.name === 'serve' ? pushgatewayVersion() : `expofmt ${VERSION}\n`);
    return Exit.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // One line and where to look, as CI logs want it: not the whole help.
    io.stderr.write(`expofmt ${command.name}: ${error.message}\nsee \`expofmt ${command.name} --help\`\n`);
    return Exit.USAGE;
  }
}

/** `--version` among a command's options (not after `--`, where it would be a file name). */
function asksVersion(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--version');
}

/** `serve --version` as Pushgateway prints it (prometheus/common version.Print), for scripts that read it. */
function pushgatewayVersion(): string {
  return [
    `pushgateway, version ${VERSION} (branch: expofmt, revision: unknown)`,
    '  build user:       expofmt',
    '  build date:       unknown',
    `  go version:       node${process.version}`,
    `  platform:         ${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
    '  tags:             expofmt',
    '',
  ].join('\n');
}

/** `expofmt help [command]`. */
function help(args: readonly string[], io: CliIO): number {
  if (args.length === 0) {
    io.stdout.write(USAGE);
    return Exit.OK;
  }
  const command = COMMANDS.find((c) => c.name === args[0]);
  if (command === undefined || args.length > 1) {
    io.stderr.write(`expofmt help: unknown command '${args.join(' ')}'\nsee \`expofmt --help\`\n`);
    return Exit.USAGE;
  }
  io.stdout.write(command.usage);
  return Exit.OK;
}
