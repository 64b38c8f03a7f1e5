import { describe, expect, it } from 'vitest';
import { type MetricFamily, parse, parseStream, ParseError } from '../../src/index.js';

const om = '# TYPE a counter\na_total 1\n# EOF\n';
const names = (families: MetricFamily[]) => families.map((f) => `${f.name}:${f.type}`);

async function collect(chunks: string[], options: Parameters<typeof parseStream>[1]): Promise<MetricFamily[]> {
  const out: MetricFamily[] = [];
  for await (const f of parseStream(chunks, options)) out.push(f);
  return out;
}

describe('dialect selection', () => {
  it('auto: OpenMetrics when the input ends with # EOF (with or without its LF), else 0.0.4', () => {
    expect(names(parse(om).families)).toEqual(['a_total:counter']);
    expect(names(parse(om.slice(0, -1)).families)).toEqual(['a_total:counter']);
    expect(names(parse(new TextEncoder().encode(om)).families)).toEqual(['a_total:counter']);
    // In 0.0.4, `# TYPE a counter` names family a, and a_total is another (untyped) one.
    expect(names(parse('# TYPE a counter\na_total 1\n').families)).toEqual(['a_total:untyped']);
  });

  it('a Content-Type decides before the content does', () => {
    expect(() => parse(om, { contentType: 'text/plain; version=0.0.4; charset=utf-8' })).not.toThrow();
    expect(names(parse(om, { contentType: 'text/plain; version=0.0.4' }).families)).toEqual(['a_total:untyped']);
    expect(() => parse('a 1\n', { contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8' })).toThrow(ParseError);
  });

  it('an explicit dialect wins', () => {
    expect(() => parse('a 1\n', { dialect: 'openmetrics' })).toThrow(/EOF/);
    expect(names(parse(om, { dialect: 'prometheus' }).families)).toEqual(['a_total:untyped']);
  });

  it('streams: by Content-Type or dialect, else 0.0.4', async () => {
    expect(names(await collect([om], { contentType: 'application/openmetrics-text; version=1.0.0' }))).toEqual(['a_total:counter']);
    expect(names(await collect([om], { dialect: 'openmetrics' }))).toEqual(['a_total:counter']);
    expect(names(await collect([om], {}))).toEqual(['a_total:untyped']);
  });
});
