/**
 * Properties of the 0.0.4 parser, checked with fast-check:
 * (a) parseStream gives the same families and errors however its input is cut into chunks
 *     (bytes cut inside a character, strings cut between a backslash and its escape), the
 *     same errors as `parse`, and, when no family is interleaved, the same families;
 * (b) nothing makes `parse` throw anything but a ParseError, or hang; with collectErrors it
 *     never throws, and neither does parseStream.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, type MetricFamily, ParseError, parse } from '../../src/index.js';
import { type StreamOutcome, streamOutcome, utf8 } from './helpers.js';

// These laws are about the 0.0.4 parser: an input that happens to end in `# EOF` must not switch it.
const TEXT = { dialect: 'prometheus' } as const;

// ---------------------------------------------------------------------------------------
// Payload generators. A payload is made of family blocks: TYPE/HELP lines and samples.

const valueUnit = fc.constantFrom('a', 'Z', '0', ' ', '\t', '\\\\', '\\"', '\\n', 'é', '€', '😀', '{', '}', ',', '=', '#', "'");
const labelValue = fc.array(valueUnit, { maxLength: 6 }).map((a) => a.join(''));
const helpText = fc
  .array(fc.constantFrom('a', 'b', ' ', '\\\\', '\\n', '\\"', '"', 'é', '😀', '\t', '{'), { minLength: 1, maxLength: 8 })
  .map((a) => a.join(''));
const labelNames = ['a', 'b', 'job', 'instance', '_x', 'path', '"q.r"', '"ü x"'];
const labelSet = fc.uniqueArray(fc.tuple(fc.constantFrom(...labelNames), labelValue), { selector: ([n]) => n, maxLength: 3 });
const valueToken = fc.constantFrom('1', '0', '-0', '3.14', '1e-3', '-2.5E+3', 'NaN', '+Inf', '-Inf', '.5', '5.', '00012', '1.7976931348623157e308');
const countToken = fc.constantFrom('0', '1', '42', '2.5', '1e3', 'NaN', '+Inf');
const timestamp = fc.option(fc.constantFrom('1700000000000', '-5', '+7', '007', '0', '9007199254740991'), { nil: undefined });
const blank = fc.constantFrom(' ', '\t', '  ', ' \t');
const types = ['counter', 'gauge', 'untyped', 'summary', 'histogram', 'gaugehistogram', undefined] as const;

interface BlockSpec {
  type: (typeof types)[number];
  quoted: boolean;
  /** Where a quoted name goes: outside the braces, first inside, last inside. */
  namePlace: number;
  help: string | undefined;
  helpLate: boolean;
  sets: [string, string][][];
  values: string[];
  counts: string[];
  ts: string | undefined;
  lead: string;
  sp: string;
}

const blockSpec: fc.Arbitrary<BlockSpec> = fc.record({
  type: fc.constantFrom(...types),
  quoted: fc.boolean(),
  namePlace: fc.integer({ min: 0, max: 2 }),
  help: fc.option(helpText, { nil: undefined }),
  helpLate: fc.boolean(),
  // Distinct label sets: a set twice would give a summary or histogram a second _sum/_count.
  sets: fc.uniqueArray(labelSet, {
    minLength: 1,
    maxLength: 3,
    selector: (set) =>
      set
        .map(([n, v]) => `${n}=${v}`)
        .sort()
        .join(','),
  }),
  values: fc.array(valueToken, { minLength: 3, maxLength: 3 }),
  counts: fc.array(countToken, { minLength: 4, maxLength: 4 }),
  ts: timestamp,
  lead: fc.constantFrom('', ' ', '\t'),
  sp: blank,
});

/** The lines of family `fam<i>` (or the quoted `fam.<i>.é`), in order. */
function blockLines(i: number, b: BlockSpec): string[] {
  const base = b.quoted ? `fam.${i}.é` : `fam${i}`;
  const name = (suffix = '') => (b.quoted ? `"${base}${suffix}"` : `${base}${suffix}`);
  const sample = (suffix: string, labels: [string, string][], value: string) => {
    const pairs = labels.map(([n, v]) => `${n}="${v}"`);
    let head: string;
    if (!b.quoted || b.namePlace === 0) head = pairs.length > 0 ? `${name(suffix)}{${pairs.join(',')}}` : name(suffix);
    else if (b.namePlace === 1) head = `{${[name(suffix), ...pairs].join(', ')}}`;
    else head = `{${[...pairs, name(suffix)].join(',')}}`;
    return `${b.lead}${head}${b.sp}${value}${b.ts === undefined ? '' : b.sp + b.ts}`;
  };
  const lines: string[] = [];
  if (b.type !== undefined) lines.push(`# TYPE ${name()} ${b.type}`);
  if (b.help !== undefined && !b.helpLate) lines.push(`#${b.sp}HELP ${name()} ${b.help}`);
  for (const set of b.sets) {
    if (b.type === 'summary') {
      lines.push(sample('', [...set, ['quantile', '0.5']], b.values[0]));
      lines.push(sample('', [['quantile', '0.99'], ...set], b.values[1]));
      lines.push(sample('_sum', set, b.values[2]));
      lines.push(sample('_count', set, b.counts[0]));
    } else if (b.type === 'histogram' || b.type === 'gaugehistogram') {
      lines.push(sample('_bucket', [...set, ['le', '1']], b.counts[0]));
      lines.push(sample('_bucket', [['le', '+Inf'], ...set], b.counts[1]));
      lines.push(sample('_sum', set, b.values[0]));
      lines.push(sample('_count', set, b.counts[2]));
    } else {
      lines.push(sample('', set, b.values[0]));
    }
  }
  if (b.help !== undefined && b.helpLate) lines.push(`# HELP ${name()} ${b.help}`);
  return lines;
}

const filler = fc.constantFrom('', '   ', '\t', '# a comment é', '#', '# EOF', '# HELP', '# TYPE x');

/** Joins lines with LF, with blank and comment lines put between them by `fills`. */
function joinLines(lines: string[], fills: (string | undefined)[], tail: string): string {
  let out = '';
  lines.forEach((line, i) => {
    const fill = fills[i % fills.length];
    if (fill !== undefined) out += `${fill}\n`;
    out += `${line}\n`;
  });
  return out + tail;
}

interface Payload {
  text: string;
  /** Every family's lines are together (so parse and parseStream agree on families). */
  grouped: boolean;
}

const fills = fc.array(fc.option(filler, { nil: undefined, freq: 3 }), { minLength: 1, maxLength: 8 });
const tail = fc.constantFrom('', '', '', ' ', '\t \t');

/** Families one after another. */
const groupedPayload: fc.Arbitrary<Payload> = fc.tuple(fc.array(blockSpec, { maxLength: 5 }), fills, tail).map(([blocks, f, t]) => ({
  text: joinLines(
    blocks.flatMap((b, i) => blockLines(i, b)),
    f,
    t,
  ),
  grouped: true,
}));

/** The same, with the lines of different families merged at random (each family's own order kept). */
const interleavedPayload: fc.Arbitrary<Payload> = fc
  .tuple(fc.array(blockSpec, { minLength: 2, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), fills, tail)
  .map(([blocks, picks, f, t]) => {
    const queues = blocks.map((b, i) => blockLines(i, b));
    const lines: string[] = [];
    for (let k = 0; queues.some((q) => q.length > 0); k++) {
      const open = queues.filter((q) => q.length > 0);
      lines.push(open[picks[k % picks.length] % open.length].shift()!);
    }
    return { text: joinLines(lines, f, t), grouped: false };
  });

const validPayload = fc.oneof(groupedPayload, interleavedPayload);

const tricky = ['"', '{', '}', '\\', '\n', ' ', '\t', '=', ',', '#', 'x', '-', '.', '\r', '😀', '\ud800', '\0', 'le', 'quantile', '_sum', '_count', '_bucket'];
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), what: fc.constantFrom(...tricky) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, mutations: { kind: string; at: number; what?: string; length?: number }[]): string {
  let s = text;
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, at) + m.what + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.length!);
    else s = s.slice(0, at);
  }
  return s;
}

/** Valid payloads with a few characters inserted, deleted, or cut off at the end. */
const mutatedPayload: fc.Arbitrary<Payload> = fc
  .tuple(validPayload, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([p, ms]) => ({ text: mutate(p.text, ms), grouped: false }));

const badBytes = fc.constantFrom([0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x98]);

/** UTF-8 of a payload with invalid sequences put in at random byte offsets (also inside characters). */
const badUtf8Payload = fc.tuple(validPayload, fc.array(fc.tuple(fc.nat(), badBytes), { minLength: 1, maxLength: 2 })).map(([p, inserts]) => {
  let bytes = utf8(p.text);
  for (const [at, bad] of inserts) {
    const i = at % (bytes.length + 1);
    bytes = new Uint8Array([...bytes.subarray(0, i), ...bad, ...bytes.subarray(i)]);
  }
  return bytes;
});

// ---------------------------------------------------------------------------------------
// Running the parsers.

/** Cuts at the given offsets (taken modulo the length), in order. */
function cut<T extends string | Uint8Array>(input: T, offsets: number[]): T[] {
  const at = [...new Set(offsets.map((o) => o % (input.length + 1)))].sort((x, y) => x - y);
  const parts: T[] = [];
  let start = 0;
  for (const end of [...at, input.length]) {
    parts.push(input.slice(start, end) as T);
    start = end;
  }
  return parts;
}

interface ParseOutcome {
  families: MetricFamily[];
  error?: Diagnostic;
}

function parseOutcome(input: string | Uint8Array): ParseOutcome {
  try {
    return { families: parse(input, TEXT).families };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { families: [], error: error.diagnostic };
  }
}

const hasLoneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** Checks (a) for one input and one set of cut offsets. */
async function checkChunking(input: string | Uint8Array, offsets: number[], grouped: boolean): Promise<void> {
  // Stream mode starts each run of a family afresh, so it cannot see a summary's or
  // histogram's second _sum/_count in a later run (README: a documented limit). There,
  // parse and parseStream may differ on E_DUPLICATE_SAMPLE and nothing else.
  const fragments = (await streamOutcome([input], { collectErrors: true })).families.map((f) => f.name);
  const interleaved = new Set(fragments).size !== fragments.length;
  const comparable = (d: Diagnostic | undefined) => !(interleaved && d?.code === 'E_DUPLICATE_SAMPLE');
  for (const collectErrors of [false, true]) {
    const whole = await streamOutcome([input], { collectErrors });
    const chunked = await streamOutcome(cut(input, offsets), { collectErrors });
    expect(chunked).toStrictEqual(whole);
    if (typeof input === 'string') {
      // Byte chunks of the same text give the same, unless the text holds a lone surrogate
      // (which has no UTF-8 form).
      if (!hasLoneSurrogate(input)) expect(await streamOutcome(cut(utf8(input), offsets), { collectErrors })).toStrictEqual(whole);
    }
    // parse reports the same errors; families too when no family is interleaved.
    if (collectErrors) {
      const result = parse(input, { ...TEXT, collectErrors: true });
      expect(result.diagnostics.filter(comparable)).toStrictEqual(whole.diagnostics.filter(comparable));
      if (grouped) expect(whole.families).toStrictEqual(result.families);
    } else {
      const result = parseOutcome(input);
      if (comparable(result.error) && comparable(whole.error)) expect(result.error).toStrictEqual(whole.error);
      if (grouped && result.error === undefined) expect(whole.families).toStrictEqual(result.families);
    }
  }
}

/** FC_SCALE=20 npx vitest run test/parse/properties.test.ts soaks the properties longer. */
const runs = (n: number): number => Math.round(n * Number(process.env.FC_SCALE ?? 1));

const offsets = fc.array(fc.nat({ max: 1 << 20 }), { maxLength: 12 });

describe('(a) chunk-split invariance', () => {
  it('valid payloads, grouped: same families as parse, whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(groupedPayload, offsets, async (p, o) => {
        expect(parse(p.text).diagnostics).toStrictEqual([]);
        await checkChunking(p.text, o, true);
      }),
      { numRuns: runs(100) },
    );
  });

  it('valid payloads, interleaved: same fragments and errors whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(interleavedPayload, offsets, async (p, o) => {
        await checkChunking(p.text, o, false);
      }),
      { numRuns: runs(80) },
    );
  });

  it('invalid payloads (mutated text): same families and errors whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedPayload, offsets, async (p, o) => {
        await checkChunking(p.text, o, false);
      }),
      { numRuns: runs(150) },
    );
  });

  it('invalid UTF-8: same families and errors whatever the byte chunks', async () => {
    await fc.assert(
      fc.asyncProperty(badUtf8Payload, offsets, async (bytes, o) => {
        await checkChunking(bytes, o, false);
      }),
      { numRuns: runs(100) },
    );
  });

  it('a payload of multi-byte characters and escapes, cut at every single offset', async () => {
    const text = '# HELP "m.é" a\\\\b\\nc\\"😀\n# TYPE "m.é" gauge\n{"m.é", l="€\\"\\\\\\n😀"} 1 5\nz{a="\\n"} 2\n';
    const bytes = utf8(text);
    const whole = await streamOutcome([bytes]);
    expect(whole.error).toBeUndefined();
    expect(whole.families).toStrictEqual(parse(text).families);
    for (let i = 0; i <= bytes.length; i++) {
      expect(await streamOutcome([bytes.subarray(0, i), bytes.subarray(i)])).toStrictEqual(whole);
    }
    for (let i = 0; i <= text.length; i++) {
      expect(await streamOutcome([text.slice(0, i), text.slice(i)])).toStrictEqual(whole);
    }
    // One byte per chunk, and one UTF-16 unit per chunk (surrogate pairs cut in two).
    expect(await streamOutcome(Array.from(bytes, (b) => new Uint8Array([b])))).toStrictEqual(whole);
    expect(await streamOutcome(Array.from({ length: text.length }, (_, i) => text[i]))).toStrictEqual(whole);
  });

  it('families completed before an error come out before it, however the input is cut', async () => {
    const text = 'a 1\nb 1\nb 2\nc x\n';
    for (let i = 0; i <= text.length; i++) {
      const outcome = await streamOutcome([text.slice(0, i), text.slice(i)]);
      // b is not complete: its successor's line failed before it reached the builder.
      expect(outcome.families.map((f) => f.name)).toStrictEqual(['a']);
      expect(outcome.error).toMatchObject({ code: 'E_INVALID_VALUE', line: 4, column: 3 });
    }
  });

  it('chunks may mix strings and bytes; bytes cut inside a character before a string are invalid', async () => {
    const whole = await streamOutcome(['a{b="€"} 1\n']);
    expect(await streamOutcome(['a{b="', utf8('€'), '"} 1\n'])).toStrictEqual(whole);
    const euro = utf8('€');
    const cutOff = await streamOutcome(['a{b="', euro.subarray(0, 2), '"} 1\n']);
    expect(cutOff.error).toMatchObject({ code: 'E_INVALID_UTF8', line: 1, column: 6 });
  });
});

// ---------------------------------------------------------------------------------------
// (b) robustness

const tokenSoup = fc
  .array(
    fc.constantFrom(
      'a',
      'b_c',
      ':',
      '{',
      '}',
      '"',
      '=',
      ',',
      '\\',
      '\\n',
      '\n',
      '\n',
      ' ',
      '\t',
      '#',
      ' HELP ',
      ' TYPE ',
      '1',
      '-1',
      'e',
      '.',
      '+',
      'quantile',
      'le',
      '_sum',
      '_count',
      '_bucket',
      'summary',
      'histogram',
      'counter',
      'NaN',
      'Inf',
      '😀',
      'é',
      '\ud800',
      '\r',
      '\0',
      '9223372036854775808',
      '9007199254740993',
    ),
    { maxLength: 60 },
  )
  .map((a) => a.join(''));

const anyString = fc.oneof(
  tokenSoup,
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 }),
  mutatedPayload.map((p) => p.text),
);
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 120 }), badUtf8Payload, anyString.map(utf8));

function checkNeverThrowsButParseError(input: string | Uint8Array): void {
  const started = performance.now();
  try {
    parse(input, TEXT);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
  }
  const collected = parse(input, { ...TEXT, collectErrors: true }); // must not throw
  for (const d of collected.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.code).toMatch(/^E_[A-Z0-9_]+$/);
  }
  expect(performance.now() - started).toBeLessThan(1000);
}

describe('(b) only ParseError, never a hang', () => {
  it('strings: random, token soup, lone surrogates, mutated payloads', () => {
    fc.assert(fc.property(anyString, checkNeverThrowsButParseError), { numRuns: runs(1000) });
  });

  it('bytes: random, invalid UTF-8, encoded strings', () => {
    fc.assert(fc.property(anyBytes, checkNeverThrowsButParseError), { numRuns: runs(1000) });
  });

  it('parseStream: only ParseError without collectErrors, nothing with it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyString, anyBytes), offsets, async (input, o) => {
        const outcome: StreamOutcome = await streamOutcome(cut(input, o)); // rethrows anything but ParseError
        const collected = await streamOutcome(cut(input, o), { collectErrors: true });
        expect(collected.error).toBeUndefined();
        expect(collected.diagnostics[0]).toStrictEqual(outcome.error);
      }),
      { numRuns: runs(200) },
    );
  });

  it('hostile inputs finish in linear time', () => {
    const cases = [
      `a{${Array.from({ length: 50000 }, (_, i) => `l${i}="v"`).join(',')}} 1\n`,
      `{${'"a",'.repeat(20000)}} 1\n`,
      'a'.repeat(1 << 20),
      '{'.repeat(1 << 20) + '\n',
      `# HELP a ${'\\n'.repeat(200000)}\n`,
      `a{b="${'\\"'.repeat(200000)}"} 1\n`,
      'x y\n'.repeat(50000),
      `a 1 ${'9'.repeat(100000)}\n`,
      `a ${'1'.repeat(100000)}e-99999\n`,
    ];
    for (const input of cases) {
      const started = performance.now();
      try {
        parse(input, { ...TEXT, collectErrors: true });
      } catch (error) {
        expect(error).toBeInstanceOf(ParseError);
      }
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});
