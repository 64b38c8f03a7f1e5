/** Small helpers shared by the parse tests: exact diagnostics and stream collection. */
import { expect } from 'vitest';
import { type Code, type Diagnostic, type MetricFamily, type ParseOptions, ParseError, type StreamOptions, parse, parseStream } from '../../src/index.js';

/** The fields a test states; severity is always 'error' for the parser. */
export interface Expected {
  code: Code;
  line: number;
  column: number;
  message: string;
  family?: string;
}

export function diag(e: Expected): Diagnostic {
  const d: Diagnostic = { code: e.code, severity: 'error', message: e.message, line: e.line, column: e.column };
  if (e.family !== undefined) d.family = e.family;
  return d;
}

/** The diagnostic of the ParseError `parse` throws; fails the test if it does not throw one. */
export function errorOf(input: string | Uint8Array, options?: ParseOptions): Diagnostic {
  try {
    parse(input, { dialect: 'prometheus', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    const e = error as ParseError;
    // The message opens the way the Go reference's does.
    expect(e.message).toBe(`text format parsing error in line ${e.diagnostic.line}: ${e.diagnostic.message}`);
    return e.diagnostic;
  }
  throw new Error(`expected a ParseError for ${JSON.stringify(input)}`);
}

/** Asserts that `parse` throws exactly this diagnostic, and that collect mode reports it too. */
export function expectError(input: string | Uint8Array, expected: Expected): void {
  expect(errorOf(input)).toEqual(diag(expected));
  expect(parse(input, { dialect: 'prometheus', collectErrors: true }).diagnostics[0]).toEqual(diag(expected));
}

/** The families `parse` returns, checking that no error was collected either. */
export function familiesOf(input: string | Uint8Array): MetricFamily[] {
  const collected = parse(input, { dialect: 'prometheus', collectErrors: true });
  expect(collected.diagnostics).toEqual([]);
  const { families, diagnostics } = parse(input, { dialect: 'prometheus' });
  expect(diagnostics).toEqual([]);
  expect(families).toEqual(collected.families);
  return families;
}

export interface StreamOutcome {
  families: MetricFamily[];
  /** The diagnostic of the ParseError thrown, if one was. */
  error?: Diagnostic;
  /** Diagnostics reported through onDiagnostic (collect mode). */
  diagnostics: Diagnostic[];
}

/** Runs parseStream over the chunks and records everything it gives. */
export async function streamOutcome(chunks: Iterable<string | Uint8Array>, options: StreamOptions = {}): Promise<StreamOutcome> {
  const out: StreamOutcome = { families: [], diagnostics: [] };
  try {
    for await (const family of parseStream(chunks, { ...options, onDiagnostic: (d) => out.diagnostics.push(d) })) {
      out.families.push(family);
    }
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    out.error = error.diagnostic;
  }
  return out;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
