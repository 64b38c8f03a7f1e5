/** The scrape page under an escaping scheme (src/gateway/http/escaped-page.ts): what collides is left out, and said. */
import { describe, expect, it } from 'vitest';
import { PageEscaper } from '../../src/gateway/http/escaped-page.js';
import { parse } from '../../src/index.js';

const page = (text: string) => parse(text).families;

describe('PageEscaper', () => {
  it('gives the page itself when no name changes, and keeps escaped families per family object', () => {
    const escaper = new PageEscaper();
    const legacy = page('a 1\nb{x="1"} 2\n');
    expect(escaper.escape(legacy, 'underscores').families).toBe(legacy);
    const utf8 = page('{"a.b"} 1\nb 2\n');
    const first = escaper.escape(utf8, 'values');
    expect(first.families.map((f) => f.name)).toEqual(['U__a_2e_b', 'b']);
    expect(escaper.escape(utf8, 'values').families[0]).toBe(first.families[0]);
    expect(escaper.escape(utf8, 'allow-utf-8').families).toBe(utf8);
  });

  it('serves the first of two families that are one name once escaped', () => {
    const { families, conflicts } = new PageEscaper().escape(page('{"a.b"} 1\na_b 2\n'), 'underscores');
    expect(families.map((f) => [f.name, f.metrics.length])).toEqual([['a_b', 1]]);
    expect(families[0].metrics[0]).toMatchObject({ value: 1 });
    expect(conflicts).toEqual(['metric family "a_b" left out: it is "a_b" once escaped (escaping=underscores), as is "a.b"']);
  });

  it('leaves out series whose label names, or whose label sets, meet once escaped', () => {
    const { families, conflicts } = new PageEscaper().escape(page('m{"a.b"="1","a-b"="2"} 1\nm{"x.y"="1"} 2\nm{x_y="1"} 3\nm{z="1"} 4\n'), 'underscores');
    expect(families[0].metrics.map((m) => [m.labels, (m as { value: number }).value])).toEqual([
      [['x_y', '1'], 2],
      [['z', '1'], 4],
    ]);
    expect(conflicts).toEqual([
      'series {a.b="1",a-b="2"} of "m" left out: two of its label names are one once escaped (escaping=underscores)',
      'series {x_y="1"} of "m" left out: its labels are those of another series once escaped (escaping=underscores)',
    ]);
  });
});
