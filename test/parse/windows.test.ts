/**
 * The scanners read code units from a copy of the text, a window of whole lines at a time
 * (src/parse/core/code-units.ts), and reuse the names of the previous line
 * (src/parse/core/recent-names.ts). Neither may change what a parse gives: inputs across many
 * windows, a line longer than a window, errors in a later window, and names that look
 * like the previous line's but are not.
 */
import { describe, expect, it } from 'vitest';
import { type MetricFamily, ParseError, parse, parseStream } from '../../src/index.js';
import { WINDOW_UNITS } from '../../src/parse/core/code-units.js';

/** A payload of `families` families of 20 series each, every family with HELP and TYPE. */
function bigPayload(families: number, dialect: 'prometheus' | 'openmetrics'): string {
  const lines: string[] = [];
  for (let f = 0; f < families; f++) {
    const name = `family_${f}_requests`;
    lines.push(`# HELP ${name} Requests of family ${f}, with a \\\\ backslash.`, `# TYPE ${name} ${f % 2 ? 'gauge' : 'untyped'}`);
    for (let s = 0; s < 20; s++) {
      lines.push(`${name}{instance="host-${s}.example.org:9100",path="/api/v${s % 3}/items",code="${200 + s}"} ${f * 20 + s}.5`);
    }
  }
  const text = lines.join('\n') + '\n';
  return dialect === 'openmetrics' ? text.replace(/ untyped$/gm, ' unknown') + '# EOF\n' : text;
}

/** Parses through the stream in small chunks, where no text reaches a window's size. */
async function streamed(text: string, dialect: 'prometheus' | 'openmetrics'): Promise<MetricFamily[]> {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 1000) chunks.push(text.slice(i, i + 1000));
  const out: MetricFamily[] = [];
  for await (const family of parseStream(chunks, { dialect })) out.push(family);
  return out;
}

describe.each(['prometheus', 'openmetrics'] as const)('windows of the %s scanner', (dialect) => {
  const text = bigPayload(400, dialect);

  it('a text of many windows parses as it does in small chunks', async () => {
    expect(text.length).toBeGreaterThan(5 * WINDOW_UNITS);
    const { families } = parse(text, { dialect });
    expect(families).toHaveLength(400);
    expect(families[399].metrics[19]).toEqual({
      labels: ['instance', 'host-19.example.org:9100', 'path', '/api/v1/items', 'code', '219'],
      value: 7999.5,
      line: 400 * 22,
    });
    expect(families[250].help).toBe('Requests of family 250, with a \\ backslash.');
    expect(await streamed(text, dialect)).toEqual(families);
  });

  it('an error in a later window has its line and column', () => {
    const lines = text.split('\n');
    const at = 6000; // well past the first window
    lines[at - 1] = lines[at - 1].replace('code="', 'code=');
    const bad = lines.join('\n');
    expect(bad.indexOf(lines[at - 1])).toBeGreaterThan(2 * WINDOW_UNITS);
    const column = lines[at - 1].indexOf('code=') + 6;
    let error: unknown;
    try {
      parse(bad, { dialect });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).diagnostic).toMatchObject({ line: at, column });
  });

  it('a line longer than a window keeps its whole label value', () => {
    const value = 'x'.repeat(3 * WINDOW_UNITS) + '\\"end';
    const payload = `short 1\nlong_one{v="${value}"} 2\nafter{v="y"} 3\n${dialect === 'openmetrics' ? '# EOF\n' : ''}`;
    const { families } = parse(payload, { dialect });
    expect(families.map((f) => f.name)).toEqual(['short', 'long_one', 'after']);
    expect(families[1].metrics[0]).toMatchObject({ labels: ['v', 'x'.repeat(3 * WINDOW_UNITS) + '"end'], value: 2, line: 2 });
    expect(families[2].metrics[0]).toMatchObject({ labels: ['v', 'y'], value: 3, line: 3 });
  });
});

describe('names reused from the previous line', () => {
  it("a label name at the place of the previous line's le is read, not taken from there", () => {
    // The builder takes `le` out of the first line's labels; the second line's `le` must not
    // be mistaken for what follows it now.
    const { families } = parse(
      '# TYPE h histogram\nh_bucket{a="1",le="0.5",bb="2"} 1\nh_bucket{a="1",le="+Inf",bb="2"} 2\nh_bucket{a="2",bb="1",le="+Inf"} 3\n',
      { dialect: 'prometheus' },
    );
    expect(families[0].metrics.map((m) => m.labels)).toEqual([
      ['a', '1', 'bb', '2'],
      ['a', '2', 'bb', '1'],
    ]);
  });

  it('names that share a prefix, or differ in one character, stay apart', () => {
    const { families } = parse('abc{x="1"} 1\nabcd{x="1"} 2\nabd{xy="1"} 3\nabd{xz="1",x="2"} 4\nab{x="1"} 5\nabc{"x"="1"} 6\nabc{x="1"} 7\n', {
      dialect: 'prometheus',
    });
    expect(families.map((f) => [f.name, f.metrics.map((m) => [m.labels, 'value' in m ? m.value : undefined])])).toEqual([
      [
        'abc',
        [
          [['x', '1'], 1],
          [['x', '1'], 6],
          [['x', '1'], 7],
        ],
      ],
      ['abcd', [[['x', '1'], 2]]],
      [
        'abd',
        [
          [['xy', '1'], 3],
          [['xz', '1', 'x', '2'], 4],
        ],
      ],
      ['ab', [[['x', '1'], 5]]],
    ]);
  });

  it('a repeated label name is caught after lines with the same names, or with fewer', () => {
    for (const dialect of ['prometheus', 'openmetrics'] as const) {
      const eof = dialect === 'openmetrics' ? '# EOF\n' : '';
      for (const [payload, line] of [
        ['a{x="1",y="2"} 1\na{x="1",y="2",x="3"} 2\n', 2],
        ['a{x="1",y="2",z="3"} 1\na{x="2",x="2"} 2\n', 2],
        ['a{x="1",y="2",z="3"} 1\na{x="2"} 2\na{x="3",y="1",y="2"} 3\n', 3],
      ] as const) {
        let error: unknown;
        try {
          parse(payload + eof, { dialect });
        } catch (e) {
          error = e;
        }
        expect(error, `${dialect}: ${payload}`).toBeInstanceOf(ParseError);
        expect((error as ParseError).diagnostic.code).toMatch(/DUPLICATE_LABEL_NAME$/);
        expect((error as ParseError).diagnostic.line).toBe(line);
      }
    }
  });

  it('a name in HELP and TYPE lines is the one its samples use', () => {
    const { families } = parse('# HELP a_total Help.\n# TYPE a_total counter\na_total 1\n# HELP a Other.\na 2\n', { dialect: 'prometheus' });
    expect(families.map((f) => [f.name, f.type, f.help])).toEqual([
      ['a_total', 'counter', 'Help.'],
      ['a', 'untyped', 'Other.'],
    ]);
  });
});
