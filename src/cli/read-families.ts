/**
 * Reads and parses one input for a command, printing what went wrong the way every
 * command does: an unreadable file exits with 2, invalid input prints the first
 * diagnostic (compact line, source line, caret) and exits with 1. A delimited protobuf
 * input (`--from protobuf`) has no lines to show: its diagnostic is the compact line, with
 * the message index as LINE.
 */
import { formatCompact, formatPretty, ParseError } from '../diagnostics.js';
import { INPUT_NAMES, type InputName, inputFormatOf } from '../formats/registry.js';
import type { ParseOptions } from '../index.js';
import type { MetricFamily } from '../model.js';
import { UsageError } from './args.js';
import { Exit } from './command.js';
import { type CliIO, describeReadError, displayName, readInput } from './io.js';

/** Past this length the source line is noise (a minified or binary input): print the compact form only. */
const MAX_PRETTY_LENGTH = 1000;

/** What `--from` names: the text formats (0.0.4 or OpenMetrics, by `dialect`) or delimited protobuf; in the registry's order. */
const INPUT_FORMATS = INPUT_NAMES;
export type InputFormat = InputName;

export interface ReadOptions extends ParseOptions {
  /** Default `text`. */
  from?: InputFormat;
}

/** The families of FILE (`-` for stdin), or the exit code to stop with. */
export async function readFamilies(file: string, io: CliIO, command: string, options: ReadOptions = {}): Promise<MetricFamily[] | number> {
  let bytes: Uint8Array;
  try {
    bytes = await readInput(file, io);
  } catch (error) {
    io.stderr.write(`expofmt ${command}: cannot read ${displayName(file)}: ${describeReadError(error)}\n`);
    return Exit.USAGE;
  }
  const { from = 'text', ...parseOptions } = options;
  const format = inputFormatOf(from, bytes, parseOptions);
  try {
    return format.decode(bytes, parseOptions).families;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const shown = format.binary ? formatCompact(error.diagnostic, displayName(file)) : describeDiagnostic(error, bytes, displayName(file));
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

function describeDiagnostic(error: ParseError, bytes: Uint8Array, file: string): string {
  // Lenient decoding: the diagnostic may be about the bad bytes themselves.
  const source = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  const pretty = formatPretty(error.diagnostic, source, file);
  return pretty.length <= MAX_PRETTY_LENGTH ? pretty : formatCompact(error.diagnostic, file);
}
