/**
 * Reads and parses one input for a command, printing what went wrong the way every
 * command does: an unreadable file exits with 2, invalid input prints the first
 * diagnostic (compact line, source line, caret) and exits with 1.
 */
import { formatCompact, formatPretty, ParseError } from '../diagnostics.js';
import { type ParseOptions, parse } from '../index.js';
import type { MetricFamily } from '../model.js';
import { Exit } from './command.js';
import { type CliIO, describeReadError, displayName, readInput } from './io.js';

/** Past this length the source line is noise (a minified or binary input): print the compact form only. */
const MAX_PRETTY_LENGTH = 1000;

/** The families of FILE (`-` for stdin), or the exit code to stop with. */
export async function readFamilies(file: string, io: CliIO, command: string, options: ParseOptions = {}): Promise<MetricFamily[] | number> {
  let bytes: Uint8Array;
  try {
    bytes = await readInput(file, io);
  } catch (error) {
    io.stderr.write(`expofmt ${command}: cannot read ${displayName(file)}: ${describeReadError(error)}\n`);
    return Exit.USAGE;
  }
  try {
    return parse(bytes, options).families;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    io.stderr.write(`${describeDiagnostic(error, bytes, displayName(file))}\n`);
    return Exit.INVALID;
  }
}

function describeDiagnostic(error: ParseError, bytes: Uint8Array, file: string): string {
  // Lenient decoding: the diagnostic may be about the bad bytes themselves.
  const source = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  const pretty = formatPretty(error.diagnostic, source, file);
  return pretty.length <= MAX_PRETTY_LENGTH ? pretty : formatCompact(error.diagnostic, file);
}
