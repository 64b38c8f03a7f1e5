/**
 * Reads and parses one input for a command, printing what went wrong the way every
 * command does: an unreadable file exits with 2, invalid input prints the first
 * diagnostic (compact line, source line, caret) and exits with 1. A delimited protobuf
 * input (`--from protobuf`) has no lines to show: its diagnostic is the compact line, with
 * the message index as LINE.
 */
import { formatCompact, formatPretty, ParseError, sourceText } from '../diagnostics.js';
import { INPUT_NAMES, type InputName, inputFormatOf } from '../formats/registry.js';
import type { ParseOptions } from '../index.js';
import { explainSyntax } from '../lint.js';
import type { MetricFamily } from '../model.js';
import { UsageError } from './args.js';
import { Exit } from './command.js';
import { type CliIO, describeReadError, displayName, readInput } from './io.js';
import { noteTerminalStdin } from './terminal.js';
import { type Input, checkStream, fileDialect, openInput, streamFile } from './big-input.js';

/** What `--from` names: the text formats (0.0.4 or OpenMetrics, by `dialect`) or delimited protobuf; in the registry's order. */
const INPUT_FORMATS = INPUT_NAMES;
export type InputFormat = InputName;

export interface ReadOptions extends ParseOptions {
  /** Default `text`. */
  from?: InputFormat;
}

/** The families of FILE (`-` for stdin), or the exit code to stop with. */
async function readFamilies(file: string, io: CliIO, command: string, options: ReadOptions = {}): Promise<MetricFamily[] | number> {
  let bytes: Uint8Array;
  if (file === '-') noteTerminalStdin(io, command);
  try {
    bytes = await readInput(file, io);
  } catch (error) {
    io.stderr.write(`expofmt ${command}: cannot read ${displayName(file)}: ${describeReadError(error)}\n`);
    return Exit.USAGE;
  }
  return decodeBytes(bytes, file, io, options);
}

/**
 * Hands the families of FILE to `write`, and resolves to the exit code. A text input
 * larger than STREAM_ABOVE is streamed in bounded memory (big-input.ts) unless `whole` is
 * set (fmt --sort); anything else is read and parsed whole. Errors print as readFamilies
 * prints them; nothing is written then.
 */
export async function withFamilies(
  file: string,
  io: CliIO,
  command: string,
  options: ReadOptions & { whole?: boolean },
  write: (families: AsyncIterable<MetricFamily> | readonly MetricFamily[]) => Promise<void>,
): Promise<number> {
  const { whole, ...readOptions } = options;
  if ((readOptions.from ?? 'text') !== 'text') {
    const families = await readFamilies(file, io, command, readOptions);
    if (typeof families === 'number') return families;
    await write(families);
    return Exit.OK;
  }
  if (file === '-') noteTerminalStdin(io, command);
  let input: Input;
  try {
    input = await openInput(file, io);
  } catch (error) {
    io.stderr.write(`expofmt ${command}: cannot read ${displayName(file)}: ${describeReadError(error)}\n`);
    return Exit.USAGE;
  }
  try {
    let bytes: Uint8Array | undefined = 'bytes' in input ? input.bytes : undefined;
    if ('path' in input) {
      const dialect = await fileDialect(input.path, readOptions.dialect ?? 'auto');
      const checked = whole ? 'split' : await checkStream(input.path, dialect, displayName(file));
      if (checked === undefined) {
        await write(streamFile(input.path, dialect));
        return Exit.OK;
      }
      if (checked !== 'split') {
        io.stderr.write(`${checked}\n`);
        return Exit.INVALID;
      }
      bytes = await readInput(input.path, io);
    }
    const families = await decodeBytes(bytes!, file, io, readOptions);
    if (typeof families === 'number') return families;
    await write(families);
    return Exit.OK;
  } finally {
    if ('path' in input) await input.cleanup();
  }
}

async function decodeBytes(bytes: Uint8Array, file: string, io: CliIO, options: ReadOptions): Promise<MetricFamily[] | number> {
  const { from = 'text', ...parseOptions } = options;
  const format = inputFormatOf(from, bytes, parseOptions);
  try {
    return format.decode(bytes, parseOptions).families;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const shown = format.binary
      ? formatCompact(error.diagnostic, displayName(file))
      : await describeDiagnostic(error, bytes, displayName(file), format.name === 'prometheus');
    io.stderr.write(`${shown}\n`);
    return Exit.INVALID;
  }
}

/** The `--from` option's value, checked. */
export function inputFormat(value: string | boolean | undefined): InputFormat {
  if (value === undefined) return 'text';
  if (!(INPUT_FORMATS as readonly unknown[]).includes(value)) throw new UsageError(`--from must be ${orList(INPUT_FORMATS)}, got '${String(value)}'`);
  return value as InputFormat;
}

/** `a, b or c`. */
function orList(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The error as `lint` words it (the grammar's account of the line for 0.0.4, a hint for a classic mistake), with its line and caret. */
async function describeDiagnostic(error: ParseError, bytes: Uint8Array, file: string, text004: boolean): Promise<string> {
  // Lenient decoding: the diagnostic may be about the bad bytes themselves.
  const source = sourceText(new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes));
  const [first] = await explainSyntax([error.diagnostic], source, text004);
  return formatPretty(first ?? error.diagnostic, source, file);
}
