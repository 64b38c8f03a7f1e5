/**
 * The property that holds the fast parser (src/parse) to the grammar (src/grammar): on
 * valid payloads of every type and on mutated ones, `parse` and `parseWithGrammar` both
 * accept or both reject; when both accept they build deep-equal families, when both
 * reject the first error is on the same line (and is the same error, but for one
 * documented difference). With `collectErrors`, the same lines fail and the families of
 * the remaining lines are the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Code, type Diagnostic, ParseCode, ParseError, parse } from '../../src/index.js';
import { parseWithGrammar } from '../../src/grammar/index.js';
import { mutatedPayload, trickyPayload, validPayload } from './payloads.js';

type Outcome = { ok: true; families: unknown } | { ok: false; line: number; column: number; code: Code; message: string };

function outcome(run: () => { families: unknown }): Outcome {
  try {
    return { ok: true, families: run().families };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const { line, column, code, message } = error.diagnostic;
    return { ok: false, line, column, code, message };
  }
}

/**
 * Whether the scanner's error is one of the checks it makes while it reads a line and the
 * grammar's actions make once the line's syntax is known to be right. On a line that also
 * has a later syntax error, the scanner reports such a check and the grammar the syntax
 * error: the one documented difference in which error comes first.
 */
function isLineLocalCheck(code: string, message: string): boolean {
  switch (code) {
    case ParseCode.RESERVED_LABEL_NAME:
    case ParseCode.DUPLICATE_LABEL_NAME:
    case ParseCode.MULTIPLE_METRIC_NAMES:
    case ParseCode.MISSING_METRIC_NAME:
    case ParseCode.TIMESTAMP_OUT_OF_RANGE:
      return true;
    case ParseCode.INVALID_METRIC_NAME: // an empty quoted name
      return message === 'invalid metric name ""' || message === 'invalid metric name';
    case ParseCode.INVALID_LABEL_NAME:
      return message === 'invalid label name ""';
    case ParseCode.INVALID_VALUE:
      return message.includes('value out of range');
    case ParseCode.INVALID_TIMESTAMP:
      return message.includes('out of int64 range');
    default:
      return false;
  }
}

// The grammar is text 0.0.4's: keep `parse` from taking a payload ending in `# EOF` for OpenMetrics.
const TEXT = { dialect: 'prometheus' } as const;

function assertAgreement(text: string): void {
  const fast = outcome(() => parse(text, TEXT));
  const grammar = outcome(() => parseWithGrammar(text));
  expect(grammar.ok, 'both accept or both reject').toBe(fast.ok);
  if (fast.ok && grammar.ok) expect(grammar.families).toStrictEqual(fast.families);
  if (!fast.ok && !grammar.ok) {
    expect(grammar.line, 'line of the first error').toBe(fast.line);
    assertSameError(fast, grammar);
  }
}

/** Stricter than the line: the same error, but for the one documented difference. */
function assertSameError(fast: Omit<Diagnostic, 'severity'>, grammar: Omit<Diagnostic, 'severity'>): void {
  if (grammar.code === fast.code && grammar.column === fast.column) return;
  const what = `line ${fast.line}: ${fast.code} (${fast.message}) at ${fast.column} vs ${grammar.code} at ${grammar.column}`;
  expect(isLineLocalCheck(fast.code, fast.message), what).toBe(true);
  expect(fast.column, what).toBeLessThan(grammar.column);
}

function assertCollectedAgreement(text: string): void {
  const fast = parse(text, { ...TEXT, collectErrors: true });
  const grammar = parseWithGrammar(text, { collectErrors: true });
  expect(
    grammar.diagnostics.map((d) => d.line),
    'failing lines',
  ).toStrictEqual(fast.diagnostics.map((d) => d.line));
  fast.diagnostics.forEach((d, i) => assertSameError(d, grammar.diagnostics[i]));
  expect(grammar.families).toStrictEqual(fast.families);
}

// About 5 s in all; EXPOFMT_PROPERTY_SCALE=20 for a long hunt.
const scale = Number(process.env.EXPOFMT_PROPERTY_SCALE ?? '1');
const runs = (n: number) => ({ numRuns: Math.round(n * scale) });

describe('fast parser and grammar agree', () => {
  it('on valid payloads', () => {
    fc.assert(fc.property(validPayload, assertAgreement), runs(600));
  });

  it('on mutated payloads', () => {
    fc.assert(fc.property(mutatedPayload, assertAgreement), runs(1500));
  });

  it('on payloads with near-miss tokens', () => {
    fc.assert(fc.property(trickyPayload, assertAgreement), runs(800));
  });

  it('collecting every error, on mutated and near-miss payloads', () => {
    fc.assert(fc.property(fc.oneof(mutatedPayload, trickyPayload), assertCollectedAgreement), runs(800));
  });
});
