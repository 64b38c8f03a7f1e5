/**
 * parseOpenMetricsStream: the same families and errors as parseOpenMetrics, however the
 * input is cut into chunks (text or bytes, even inside a UTF-8 character), each family
 * yielded once, as soon as the next one starts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, ParseError } from '../../src/diagnostics.js';
import type { MetricFamily } from '../../src/model.js';
import { parseOpenMetrics } from '../../src/parse/openmetrics/parse.js';
import { parseOpenMetricsStream } from '../../src/parse/openmetrics/parse-stream.js';
import { renderOpenMetrics } from '../../src/render/render-openmetrics.js';
import { omFamilies } from './arbitraries.js';
import { conformanceCases } from './helpers.js';

interface Outcome {
  families: MetricFamily[];
  error?: Diagnostic;
  diagnostics: Diagnostic[];
}

async function streamed(chunks: Iterable<string | Uint8Array>, collectErrors = false): Promise<Outcome> {
  const out: Outcome = { families: [], diagnostics: [] };
  try {
    for await (const family of parseOpenMetricsStream(chunks, { collectErrors, onDiagnostic: (d) => out.diagnostics.push(d) })) out.families.push(family);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    out.error = error.diagnostic;
  }
  return out;
}

function whole(input: string | Uint8Array): Outcome {
  try {
    return { families: parseOpenMetrics(input).families, diagnostics: [] };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    // The stream yields the families completed before the error.
    const partial = parseOpenMetrics(input, { collectErrors: true });
    return { families: partial.families, error: error.diagnostic, diagnostics: [] };
  }
}

const encode = (s: string) => new TextEncoder().encode(s);

/** `input` cut at the given offsets. */
function cut<T extends string | Uint8Array>(input: T, offsets: number[]): T[] {
  const points = [...new Set(offsets.map((o) => Math.min(o, input.length)))].sort((a, b) => a - b);
  const chunks: T[] = [];
  let start = 0;
  for (const p of [...points, input.length]) {
    chunks.push(input.slice(start, p) as T);
    start = p;
  }
  return chunks;
}

const SAMPLE = [
  '# TYPE a counter',
  '# HELP a é \\q',
  'a_total{x="🙂"} 1 # {t="y"} 2',
  'a_created{x="🙂"} 3',
  '# TYPE b histogram',
  'b_bucket{le="1"} 0',
  'b_bucket{le="+Inf"} 2',
  'b_count 2',
  'b_sum 1',
  'c 1 1',
  '# EOF',
].join('\n');

describe('parseOpenMetricsStream', () => {
  it('gives the whole parse, cut anywhere once, as text or bytes', async () => {
    const expected = parseOpenMetrics(SAMPLE).families;
    const bytes = encode(SAMPLE);
    for (let i = 0; i <= bytes.length; i++) {
      expect((await streamed(cut(bytes, [i]))).families).toEqual(expected);
      if (i <= SAMPLE.length) expect((await streamed(cut(SAMPLE, [i]))).families).toEqual(expected);
    }
  });

  it('yields each family as soon as the next one starts', async () => {
    const seen: string[] = [];
    async function* chunks() {
      for (const line of SAMPLE.split('\n')) {
        seen.push(`line ${line}`);
        yield `${line}\n`;
      }
    }
    for await (const family of parseOpenMetricsStream(chunks())) seen.push(`family ${family.name}`);
    expect(seen.indexOf('family a_total')).toBe(seen.indexOf('line # TYPE b histogram') + 1);
    expect(seen.indexOf('family b')).toBe(seen.indexOf('line c 1 1') + 1);
    expect(seen.at(-1)).toBe('family c');
  });

  it('throws the same first error, after the families completed before it', async () => {
    for (const input of ['a 1\nb 2\n\n# EOF\n', '# TYPE a gauge\na 1\n# EOF\nx\n', 'a 1\nb 2\n', '# TYPE h histogram\nh_sum 1\nc 1\n# EOF\n']) {
      const expected = whole(input);
      for (let i = 0; i <= input.length; i++) {
        const got = await streamed(cut(input, [i]));
        expect(got.error).toEqual(expected.error);
        expect(got.families.map((f) => f.name)).toEqual(expected.families.slice(0, got.families.length).map((f) => f.name));
      }
    }
  });

  it('reports every error through onDiagnostic when collecting, in order', async () => {
    const input = encode('a 1\n\nb{x="');
    const bad = new Uint8Array([...input, 0xff, ...encode('"} 1\n# TYPE c counter\nc 1\n')]);
    const expected = parseOpenMetrics(bad, { collectErrors: true });
    for (let i = 0; i <= bad.length; i++) {
      const got = await streamed(cut(bad, [i, i + 3]), true);
      expect(got.diagnostics).toEqual(expected.diagnostics);
      expect(got.families).toEqual(expected.families);
    }
    expect(expected.diagnostics.map((d) => d.code)).toEqual(['E_OM_BLANK_LINE', 'E_OM_INVALID_UTF8', 'E_OM_CLASHING_NAME', 'E_OM_MISSING_EOF']);
  });

  it('agrees with the whole parse on every conformance case, cut byte by byte', async () => {
    const cases = conformanceCases();
    expect(cases.length).toBe(211);
    for (const c of cases) {
      const expected = whole(c.bytes);
      const got = await streamed(
        cut(
          c.bytes,
          Array.from({ length: c.bytes.length }, (_, i) => i),
        ),
      );
      expect(got.error, c.name).toEqual(expected.error);
      if (got.error === undefined) expect(got.families, c.name).toEqual(expected.families);
    }
  });

  it('reads a WHATWG ReadableStream', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode(SAMPLE.slice(0, 20)));
        controller.enqueue(encode(SAMPLE.slice(20)));
        controller.close();
      },
    });
    const families: MetricFamily[] = [];
    for await (const family of parseOpenMetricsStream(stream)) families.push(family);
    expect(families).toEqual(parseOpenMetrics(SAMPLE).families);
  });

  it('agrees with the whole parse on generated expositions cut at random places', async () => {
    await fc.assert(
      fc.asyncProperty(omFamilies, fc.array(fc.nat(4000), { maxLength: 6 }), fc.boolean(), async (list, offsets, asBytes) => {
        const text = renderOpenMetrics(list);
        const chunks = asBytes ? cut(encode(text), offsets) : cut(text, offsets);
        expect((await streamed(chunks)).families).toEqual(parseOpenMetrics(text).families);
      }),
      { numRuns: 100 },
    );
  });
});
