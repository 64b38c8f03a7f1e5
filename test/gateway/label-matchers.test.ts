/** Selectors for deletion by matcher: read with lezer-promql, matched as PromQL matches series. */
import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../src/gateway/promql-selector.js';
import { compileSelectors, type GroupSelector } from '../../src/gateway/store/label-matchers.js';
import { re2ToRegExp } from '../../src/gateway/store/re2-to-js.js';

const selector = (text: string): GroupSelector => {
  const r = parseSelector(text);
  if ('error' in r) throw new Error(r.error);
  return r.matchers;
};
const matches = (text: string, labels: string[]) => compileSelectors([selector(text)])(labels);

describe('parseSelector', () => {
  it('reads every matcher type, quoted names and all three string forms', () => {
    expect(parseSelector('{job=~"batch-.*",env!="prod"}')).toEqual({
      matchers: [
        { name: 'job', type: '=~', value: 'batch-.*' },
        { name: 'env', type: '!=', value: 'prod' },
      ],
    });
    expect(parseSelector(`{ a = 'x\\n' , b!~\`\\d+\`, "odd.name"="\\u00e9\\x41\\101\\"" }`)).toEqual({
      matchers: [
        { name: 'a', type: '=', value: 'x\n' },
        { name: 'b', type: '!~', value: '\\d+' },
        { name: 'odd.name', type: '=', value: 'éAA"' },
      ],
    });
  });

  it('refuses what is not label matchers in braces, naming the problem', () => {
    const error = (text: string) => {
      const r = parseSelector(text);
      return 'error' in r ? r.error : 'no error';
    };
    expect(error('{job=}')).toBe('bad selector "{job=}": unexpected "}" at column 6');
    expect(error('{job="x"')).toBe('bad selector "{job=\\"x\\"": unexpected end of input at column 9');
    expect(error('')).toBe('bad selector "": unexpected end of input at column 1');
    expect(error('up{job="x"}')).toBe('bad selector "up{job=\\"x\\"}": groups have no metric name; give label matchers in braces only, as {job="x"}');
    expect(error('{"up"}')).toBe('bad selector "{\\"up\\"}": groups have no metric name; give label matchers in braces only, as {job="x"}');
    expect(error('{job="x"} or {job="y"}')).toBe(
      'bad selector "{job=\\"x\\"} or {job=\\"y\\"}": expected label matchers in braces, as {job="x"}, not a BinaryExpr',
    );
    expect(error('{}')).toBe('bad selector "{}": no label matchers (to delete every group, use the wipe endpoint)');
    expect(error('{env!="prod"}')).toBe(
      'bad selector "{env!=\\"prod\\"}": it must contain at least one matcher that does not match the empty value, as in PromQL',
    );
    expect(error('{job=~".*"}')).toContain('at least one matcher that does not match the empty value');
    expect(error('{job=~"a("}')).toBe('bad selector "{job=~\\"a(\\"}": invalid regular expression "a(": Unterminated group');
    expect(error('{job=~"(?=a)a"}')).toBe('bad selector "{job=~\\"(?=a)a\\"}": look-around (?=a is not supported in "(?=a)a", as in RE2');
    expect(error('{job="\\q"}')).toBe('bad selector "{job=\\"\\\\q\\"}": unknown escape sequence \\q in "\\q"');
  });
});

describe('matching grouping labels', () => {
  it('anchors regular expressions at both ends and takes a missing label as ""', () => {
    expect(matches('{job=~"batch-.*"}', ['job', 'batch-7'])).toBe(true);
    expect(matches('{job=~"batch-.*"}', ['job', 'xbatch-7'])).toBe(false);
    expect(matches('{job=~"batch"}', ['job', 'batch-7'])).toBe(false);
    expect(matches('{job=~"a|b"}', ['job', 'ab'])).toBe(false);
    expect(matches('{job="x",env!="prod"}', ['job', 'x'])).toBe(true);
    expect(matches('{job="x",env!="prod"}', ['job', 'x', 'env', 'prod'])).toBe(false);
    expect(matches('{job="x",env=""}', ['job', 'x', 'env', 'dev'])).toBe(false);
    expect(matches('{job="x",env!~"prod|stag.*"}', ['env', 'staging', 'job', 'x'])).toBe(false);
    expect(matches('{job="x",env!~"prod|stag.*"}', ['env', 'dev', 'job', 'x'])).toBe(true);
  });

  it('a group matches when any selector does', () => {
    const any = compileSelectors([selector('{job="a"}'), selector('{job="b"}')]);
    expect([any(['job', 'a']), any(['job', 'b']), any(['job', 'c'])]).toEqual([true, true, false]);
  });
});

describe('RE2 regular expressions in JavaScript', () => {
  const full = (re: string, s: string) => re2ToRegExp(re).test(s);
  it('keeps the RE2 meaning where JavaScript differs', () => {
    // `.` takes \r and U+2028 (JavaScript's does not), not \n (unless (?s)).
    expect([full('a.b', 'a\rb'), full('a.b', 'a\u2028b'), full('a.b', 'a\nb'), full('(?s)a.b', 'a\nb')]).toEqual([true, true, false, true]);
    // `.` is one code point, as RE2 reads UTF-8.
    expect(full('.', '😀')).toBe(true);
    // \s is ASCII white space only.
    expect([full('\\s', '\t'), full('\\s', '\u00a0'), full('\\S', '\u00a0'), full('\\s', '\v')]).toEqual([true, false, true, false]);
    expect(full('(?i)BATCH-\\d+', 'batch-12')).toBe(true);
    expect(full('(?P<n>x)\\x{41}\\pL', 'xAé')).toBe(true);
    expect(full('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(full('\\Qa.b\\E', 'axb')).toBe(false);
    expect(full('a\\-b\\#', 'a-b#')).toBe(true);
    expect(full('[]a]+', ']a]')).toBe(true);
    expect(full('\\Aab\\z', 'ab')).toBe(true);
  });

  it('refuses what RE2 refuses, and what cannot be translated', () => {
    expect(() => re2ToRegExp('(a)\\1')).toThrow('back-references (\\1) are not supported');
    expect(() => re2ToRegExp('(?<!a)b')).toThrow('look-around (?<! is not supported');
    expect(() => re2ToRegExp('(?m)^a')).toThrow('the flag m of "(?m)^a" is not supported');
    expect(() => re2ToRegExp('a(?i)b')).toThrow('the group (?i) of "a(?i)b" is not supported');
    expect(() => re2ToRegExp('[[:alpha:]]')).toThrow('POSIX classes');
  });
});
