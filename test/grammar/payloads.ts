/**
 * fast-check arbitraries for text 0.0.4 payloads:
 * - `validPayload`: every type (counter, gauge, untyped, summary, histogram,
 *   gauge_histogram) with HELP/TYPE lines, escapes in label values and HELP, quoted UTF-8
 *   names in both places, blanks, comments, timestamps and odd float spellings;
 * - `mutatedPayload`: a valid one with single-character edits from the characters the
 *   grammar is most sensitive to;
 * - `trickyPayload`: the same shapes with, now and then, a token from a list of near
 *   misses (`+NaN`, `1_000`, `1e`, `\t` in a value, `__name__`, ...), which random edits
 *   would rarely produce.
 */
import fc from 'fast-check';

const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

// --- pieces ---

const blanks = fc.constantFrom(' ', '\t', '  ', ' \t');
const optBlanks = fc.constantFrom('', '', '', ' ', '\t');
const indent = fc.constantFrom('', '', '', '', ' ', '\t ');
const textUnit = fc.constantFrom('a', 'b', 'z', ' ', '\t', '\\', '"', '\n', '}', '{', '#', ',', '=', 'ü', '😀', '\r', '0', 'e');

/** Where a payload's tokens come from; `tricky` mixes near misses into `valid`. */
interface Pools {
  familyName: fc.Arbitrary<string>;
  labelName: fc.Arbitrary<string>;
  /** Renders a string as a quoted label value or quoted name, escapes included. */
  quote: fc.Arbitrary<(s: string) => string>;
  value: fc.Arbitrary<string>;
  count: fc.Arbitrary<string>;
  bound: fc.Arbitrary<string>;
  timestamp: fc.Arbitrary<string>;
  helpText: fc.Arbitrary<string>;
  /** Whether label names in one set must differ. */
  uniqueLabels: boolean;
  /** Drops the metric name now and then (`{a="b"} 1`). */
  dropName: fc.Arbitrary<boolean>;
  /** A further element for the braces now and then: a second bare name, a lone comma. */
  extraElement: fc.Arbitrary<string | null>;
}

const oddFloat = fc.constantFrom(
  '+Inf',
  '-Inf',
  'Inf',
  'inf',
  'INF',
  'infinity',
  '+Infinity',
  '-INFINITY',
  'NaN',
  'nan',
  'NAN',
  '.5',
  '5.',
  '+.5',
  '-.5e1',
  '1e-400',
  '-0',
  '0',
  '00012',
  '1E+3',
  '-3e3',
  '4.9e-324',
  '-0.0',
  '1.7976931348623157e308',
  '0.1',
  '123456789012345678901234567890',
  '1e0005',
);
const goodValue = fc.oneof(oddFloat, fc.double().map(String), fc.integer().map(String));
const goodTimestamp = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }).map(String) },
  { weight: 15, arbitrary: fc.constantFrom('+5', '-0', '007', '0', '-1', '9007199254740991', '-9007199254740991') },
  // Rare, as each makes the whole payload fail: beyond 2^53-1, beyond int64.
  { weight: 1, arbitrary: fc.constantFrom('9007199254740992', '9223372036854775808', '-9223372036854775808') },
);
const goodHelp = fc
  .tuple(fc.string({ unit: textUnit, maxLength: 8 }), fc.boolean())
  // `"` may be written raw or escaped in HELP.
  .map(([s, escapeQuotes]) => {
    const t = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
    return escapeQuotes ? t.replace(/"/g, '\\"') : t;
  });

const valid: Pools = {
  familyName: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'http_requests', 'x:y', '_z', 'A1', 'rpc:latency', 'up') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('a.b', 'ünï', 'dots.and-dashes', 'quo"te', 'back\\slash', 'new\nline', '名前', '😀', 'sp ace'),
    },
  ),
  labelName: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('job', 'instance', 'x', '_y', 'A_1') },
    { weight: 1, arbitrary: fc.constantFrom('a.b', 'ü', 'with space', 'q"', 'b\\s') },
  ),
  quote: fc.constant((s: string) => `"${escapeString(s)}"`),
  value: goodValue,
  count: fc.oneof(fc.nat().map(String), fc.constantFrom('0', '1.5', '+Inf', 'NaN', '1e3', '.5', '7476.0')),
  bound: fc.constantFrom('0.5', '0.99', '+Inf', '1e-3', 'inf', '-Inf', '0', '1', '-1.5', '.25', '5.'),
  timestamp: goodTimestamp,
  helpText: goodHelp,
  uniqueLabels: true,
  dropName: fc.constant(false),
  extraElement: fc.constant(null),
};

/** Mostly `good`, sometimes one of `misses`. */
const nearly = (good: fc.Arbitrary<string>, ...misses: string[]) =>
  fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...misses) });

const tricky: Pools = {
  familyName: nearly(valid.familyName, '', '1a', 'a-b', 'a_sum', 'a_count', 'a_bucket', 'b_count'),
  labelName: nearly(valid.labelName, '__name__', '', '1x', 'le', 'quantile', 'a:b'),
  // Raw strings: a `"`, LF or backslash in them breaks the line.
  quote: fc.oneof({ weight: 8, arbitrary: valid.quote }, { weight: 1, arbitrary: fc.constant((s: string) => `"${s}"`) }),
  value: nearly(
    goodValue,
    ...['+NaN', '-nan', '.', '1e', '1e+', '+', '0x10', '0b1', '0x1p-3', '1_000', 'infinit', '1,5', '١', '1e400', '-1.8e308'],
    ...['Infinityx', '1..5', 'e5', 'p'],
  ),
  count: nearly(valid.count, '-1', '-Inf', '+NaN', '1e400'),
  bound: nearly(valid.bound, 'NaN', 'x', '', '1_0', '+nan', ' 1'),
  timestamp: nearly(goodTimestamp, '1.5', '1e3', '0x10', '1_000', '--1', '+', '', '9223372036854775807', '99999999999999999999'),
  helpText: nearly(goodHelp, '\\t', 'x\\', '\\"ok\\" \\u', '\\\\\\'),
  uniqueLabels: false,
  dropName: fc.integer({ min: 0, max: 29 }).map((n) => n === 0),
  extraElement: fc.option(fc.constantFrom('x', '"y.z"', '""', '', ' ', 'a:b', '"__name__"'), { freq: 25 }),
};

const TYPE_WORDS = {
  counter: ['counter', 'COUNTER', 'Counter'],
  gauge: ['gauge', 'Gauge'],
  untyped: ['untyped', 'UNTYPED'],
  summary: ['summary'],
  histogram: ['histogram', 'Histogram'],
  gauge_histogram: ['gauge_histogram', 'gaugehistogram', 'GAUGEHISTOGRAM'],
} as const;
type Kind = keyof typeof TYPE_WORDS;
const KINDS = Object.keys(TYPE_WORDS) as Kind[];

// Comments that are no metadata (wrong case, no blank after the keyword, no text) and blank lines.
const noiseLine = fc.constantFrom(
  '',
  ' ',
  '\t \t',
  '# a comment',
  '#',
  '# EOF',
  '# HELPx y',
  '#HELPER x',
  '# help a b',
  '# Type a counter',
  '#  TYPE',
  '# HELP',
  '# TYPE',
  '# HELP zz',
  '#\tTYPE zz',
  '#\tplain # text',
  '# UNIT a seconds',
);

// --- sample lines ---

interface SampleSpec {
  name: string;
  pairs: [string, string][];
  value: string;
}

/** One sample line, with a random but valid layout of blanks, quoting and name placement. */
const renderSample = (pools: Pools, spec: SampleSpec) =>
  fc
    .record({
      quote: pools.quote,
      nameInside: fc.boolean(),
      namePosition: fc.nat(),
      quoteLegacy: fc.boolean(),
      quoteLabels: fc.array(fc.boolean(), { minLength: spec.pairs.length, maxLength: spec.pairs.length }),
      gaps: fc.array(optBlanks, { minLength: 8, maxLength: 8 }),
      trailingComma: fc.boolean(),
      braces: fc.boolean(),
      afterValue: blanks,
      timestamp: fc.option(pools.timestamp, { freq: 3 }),
      indent,
      dropName: pools.dropName,
      extra: pools.extraElement,
      extraPosition: fc.nat(),
    })
    .map((o) => {
      const [g0, g1, g2, g3, g4, g5, g6, g7] = o.gaps;
      const elements = spec.pairs.map(([n, v], i) => {
        const label = LEGACY_LABEL.test(n) && !o.quoteLabels[i] ? n : o.quote(n);
        return `${label}${g2}=${g3}${o.quote(v)}${g4}`;
      });
      // Any name can go inside the braces (bare if it is a legacy label name) or before them.
      let head = '';
      if (o.dropName) {
        // No name at all: rejected, whatever the braces hold.
      } else if (o.nameInside) {
        const bare = LEGACY_LABEL.test(spec.name) && !o.quoteLegacy ? spec.name : o.quote(spec.name);
        elements.splice(o.namePosition % (elements.length + 1), 0, `${bare}${g4}`);
      } else {
        head = LEGACY_METRIC.test(spec.name) && !o.quoteLegacy ? spec.name : o.quote(spec.name);
      }
      if (o.extra !== null) elements.splice(o.extraPosition % (elements.length + 1), 0, o.extra);
      const list = elements.join(`,${g5}`) + (elements.length > 0 && o.trailingComma ? ',' : '');
      const braces = o.nameInside || o.dropName || elements.length > 0 || o.braces;
      const labels = braces ? `${head === '' ? '' : g0}{${g1}${list}${g6}}${g7}` : o.afterValue;
      const ts = o.timestamp === null ? '' : `${o.afterValue}${o.timestamp}`;
      return `${o.indent}${head}${labels}${spec.value}${ts}`;
    });

const pairsArb = (pools: Pools, reserved: string[]) => {
  const pair = fc.tuple(
    pools.labelName.filter((n) => !reserved.includes(n)),
    fc.string({ unit: textUnit, maxLength: 6 }),
  );
  return pools.uniqueLabels ? fc.uniqueArray(pair, { maxLength: 3, selector: ([n]) => n }) : fc.array(pair, { maxLength: 3 });
};

/** `pairs` with `pair` inserted at a random place. */
const withPair = (pairs: [string, string][], pair: [string, string]) =>
  fc.nat().map((i) => {
    const out = [...pairs];
    out.splice(i % (out.length + 1), 0, pair);
    return out;
  });

/** The lines of one summary or histogram: per label set, the bound lines then _sum and _count. */
function groupedSamples(pools: Pools, name: string, kind: 'summary' | 'histogram'): fc.Arbitrary<SampleSpec[]> {
  const [boundLabel, boundName] = kind === 'summary' ? ['quantile', name] : ['le', `${name}_bucket`];
  const group = pairsArb(pools, ['le', 'quantile']).chain((pairs) => {
    const boundLine = fc
      .tuple(pools.bound, kind === 'summary' ? pools.value : pools.count)
      .chain(([b, v]) => withPair(pairs, [boundLabel, b]).map((p) => ({ name: boundName, pairs: p, value: v })));
    return fc
      .tuple(
        fc.array(boundLine, { maxLength: 3 }),
        fc.option(pools.value.map((v) => ({ name: `${name}_sum`, pairs, value: v }))),
        fc.option(pools.count.map((v) => ({ name: `${name}_count`, pairs, value: v }))),
      )
      .map(([bounds, sum, cnt]) => [...bounds, ...(sum ? [sum] : []), ...(cnt ? [cnt] : [])]);
  });
  return fc.array(group, { minLength: 1, maxLength: 2 }).map((groups) => groups.flat());
}

function samplesFor(pools: Pools, kind: Kind, name: string): fc.Arbitrary<SampleSpec[]> {
  if (kind === 'summary') return groupedSamples(pools, name, 'summary');
  if (kind === 'histogram' || kind === 'gauge_histogram') return groupedSamples(pools, name, 'histogram');
  return fc.array(fc.record({ pairs: pairsArb(pools, []), value: pools.value }), { minLength: 1, maxLength: 3 }).map((xs) => xs.map((x) => ({ name, ...x })));
}

/** A HELP or TYPE line; now and then with nothing after the name (ignored) or only blanks (names the family). */
const metaLine = (pools: Pools, keyword: string, name: string, text: fc.Arbitrary<string>) => {
  const rest = fc.oneof({ weight: 8, arbitrary: fc.tuple(blanks, text).map((p) => p.join('')) }, blanks, fc.constant(''));
  return fc.tuple(indent, optBlanks, blanks, fc.boolean(), pools.quote, rest).map(([ind, b0, b1, quoted, quote, rest]) => {
    const shown = LEGACY_METRIC.test(name) && !quoted ? name : quote(name);
    return `${ind}#${b0}${keyword}${b1}${shown}${rest}`;
  });
};

/** All lines of one family: optional HELP (before or after the samples), optional TYPE, samples. */
const familyBlock = (pools: Pools, name: string) =>
  fc.constantFrom(...KINDS).chain((kind) =>
    fc
      .record({
        samples: samplesFor(pools, kind, name).chain((specs) => fc.tuple(...specs.map((spec) => renderSample(pools, spec)))),
        help: fc.option(metaLine(pools, 'HELP', name, pools.helpText)),
        helpLast: fc.boolean(),
        type: fc.option(metaLine(pools, 'TYPE', name, fc.constantFrom(...TYPE_WORDS[kind])), { freq: 4 }),
      })
      .map(({ samples, help, helpLast, type }) => {
        const helpLine = help === null ? [] : [help];
        const typeLine = type === null ? [] : [type];
        return helpLast ? [...typeLine, ...samples, ...helpLine] : [...helpLine, ...typeLine, ...samples];
      }),
  );

/** An exposition of distinct families with noise lines between lines and a final LF. */
function payload(pools: Pools, maxFamilies = 4): fc.Arbitrary<string> {
  return fc
    .uniqueArray(pools.familyName, { minLength: 0, maxLength: maxFamilies })
    .chain((names) => (names.length === 0 ? fc.constant([] as string[][]) : fc.tuple(...names.map((n) => familyBlock(pools, n)))))
    .chain((blocks) => {
      const lines = blocks.flat();
      return fc.array(fc.option(noiseLine, { freq: 6 }), { minLength: lines.length + 1, maxLength: lines.length + 1 }).map((noise) => {
        const out: string[] = [];
        const addNoise = (n: string | null) => {
          if (n !== null) out.push(n);
        };
        lines.forEach((line, i) => {
          addNoise(noise[i]);
          out.push(line);
        });
        addNoise(noise[lines.length]);
        return out.map((l) => `${l}\n`).join('');
      });
    });
}

export const validPayload = payload(valid);
export const trickyPayload = payload(tricky);

/** The characters the grammar is most sensitive to. */
export const MUTATION_ALPHABET = ['{', '}', '"', '\\', '=', ',', '#', ' ', '\t', '\n', '\r', '0', 'e', '+', '-', '.', '_', 'p'];

const edit = fc.record({
  op: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.nat(),
  ch: fc.constantFrom(...MUTATION_ALPHABET),
});

/**
 * A valid payload after one to three single-character edits (most are invalid afterwards).
 * Half of them edit a payload of one family, where edits land more often near the end.
 */
const edits = fc.array(edit, { minLength: 1, maxLength: 3 });
export const mutatedPayload: fc.Arbitrary<string> = fc.tuple(fc.oneof(validPayload, payload(valid, 1)), edits).map(([text, edits]) => {
  let s = text;
  for (const { op, at, ch } of edits) {
    if (s.length === 0 || op === 'insert') {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + ch + s.slice(i);
    } else {
      const i = at % s.length;
      s = s.slice(0, i) + (op === 'replace' ? ch : '') + s.slice(i + 1);
    }
  }
  return s;
});
