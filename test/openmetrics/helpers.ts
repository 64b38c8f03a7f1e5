/** Small helpers shared by the OpenMetrics tests: exact diagnostics, families without line numbers. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type Diagnostic, ParseError } from '../../src/diagnostics.js';
import type { Metric, MetricFamily } from '../../src/model.js';
import { parseOpenMetrics } from '../../src/parse/openmetrics/parse.js';

export interface Expected {
  code: string;
  line: number;
  column: number;
  message?: string;
  family?: string;
}

/** The diagnostic of the ParseError `parseOpenMetrics` throws; fails the test if it does not throw one. */
export function omErrorOf(input: string | Uint8Array): Diagnostic {
  try {
    parseOpenMetrics(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return (error as ParseError).diagnostic;
  }
  throw new Error(`expected a ParseError for ${JSON.stringify(typeof input === 'string' ? input : new TextDecoder().decode(input))}`);
}

/**
 * Asserts the first error: code, line and column always, message and family when given.
 * Collect mode must report the same diagnostic first.
 */
export function expectOmError(input: string | Uint8Array, expected: Expected): void {
  const d = omErrorOf(input);
  const picked = (x: Diagnostic) => ({
    code: x.code,
    line: x.line,
    column: x.column,
    ...(expected.message === undefined ? {} : { message: x.message }),
    ...(expected.family === undefined ? {} : { family: x.family }),
  });
  expect(picked(d)).toEqual(expected);
  expect(d.severity).toBe('error');
  expect(parseOpenMetrics(input, { collectErrors: true }).diagnostics[0]).toEqual(d);
}

/** Every diagnostic of collect mode as `CODE line:column`. */
export function omCodes(input: string | Uint8Array): string[] {
  return parseOpenMetrics(input, { collectErrors: true }).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
}

/** The families of a valid input, checking that collect mode agrees and finds nothing. */
export function omFamilies(input: string | Uint8Array): MetricFamily[] {
  const { families, diagnostics } = parseOpenMetrics(input);
  expect(diagnostics).toEqual([]);
  const collected = parseOpenMetrics(input, { collectErrors: true });
  expect(collected.diagnostics).toEqual([]);
  expect(collected.families).toEqual(families);
  return families;
}

/** Families without their `line` fields, for comparing what two sources say. */
export function withoutLines(families: readonly MetricFamily[]): MetricFamily[] {
  return families.map(({ line: _line, ...family }) => ({
    ...family,
    metrics: (family.metrics as Metric[]).map(({ line: _l, ...metric }) => metric),
  })) as MetricFamily[];
}

/** The families of a valid input without line fields. */
export function omRead(input: string | Uint8Array): MetricFamily[] {
  return withoutLines(omFamilies(input));
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The OpenMetrics parser conformance data, copied into the repository (see its README.md). */
export const conformanceDir = path.resolve(repoRoot, 'test/openmetrics/conformance-suite/testdata/parsers');

export interface ConformanceCase {
  name: string;
  shouldParse: boolean;
  /** The `metrics` file, byte for byte. */
  bytes: Uint8Array;
}

/** Every case of the suite, sorted by name; none when the data is missing. */
export function conformanceCases(): ConformanceCase[] {
  if (!fs.existsSync(conformanceDir)) return [];
  return fs
    .readdirSync(conformanceDir)
    .filter((name) => fs.existsSync(path.join(conformanceDir, name, 'test.json')))
    .sort()
    .map((name) => {
      const spec = JSON.parse(fs.readFileSync(path.join(conformanceDir, name, 'test.json'), 'utf8')) as { shouldParse: boolean; file: string };
      return { name, shouldParse: spec.shouldParse, bytes: new Uint8Array(fs.readFileSync(path.join(conformanceDir, name, spec.file))) };
    });
}
