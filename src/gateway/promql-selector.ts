/**
 * A PromQL series selector of label matchers only, `{job=~"batch-.*",env!="prod"}`, read
 * with Prometheus's own grammar (@prometheus-io/lezer-promql): the syntax tree must be one
 * VectorSelector without a metric name, and its label matchers are taken from it. String
 * literals are unquoted as Go's strconv.Unquote does (PromQL's rule): "..." and '...'
 * with escapes, `...` raw. As in PromQL, at least one matcher must not match the empty
 * value (`{env!="prod"}` alone would select every group without env="prod" too).
 */
import { parser } from '@prometheus-io/lezer-promql';
import { compileSelectors, type LabelMatcher, type MatchType, matchesEmpty } from './store/label-matchers.js';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

const OPS: Record<string, MatchType> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

export type SelectorResult = { matchers: LabelMatcher[] } | { error: string };

export function parseSelector(text: string): SelectorResult {
  const tree = parser.parse(text);
  let bad: { from: number } | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError && bad === undefined) bad = { from: node.from };
    },
  });
  if (bad !== undefined) {
    const found = bad.from >= text.length ? 'end of input' : JSON.stringify(text.slice(bad.from, bad.from + 10));
    return { error: `bad selector ${JSON.stringify(text)}: unexpected ${found} at column ${bad.from + 1}` };
  }
  const top = tree.topNode.firstChild;
  if (top === null || top.name !== 'VectorSelector' || top.nextSibling !== null) {
    return {
      error: `bad selector ${JSON.stringify(text)}: expected label matchers in braces, as {job="x"}, not ${top === null ? 'nothing' : `a ${top.name}`}`,
    };
  }
  if (top.getChild('Identifier') !== null) {
    return { error: `bad selector ${JSON.stringify(text)}: groups have no metric name; give label matchers in braces only, as {job="x"}` };
  }
  const matchers: LabelMatcher[] = [];
  const list = top.getChild('LabelMatchers');
  for (let node = list?.firstChild ?? null; node !== null; node = node.nextSibling) {
    if (node.name !== 'UnquotedLabelMatcher' && node.name !== 'QuotedLabelMatcher') continue;
    const matcher = readMatcher(node, text);
    if ('error' in matcher) return { error: `bad selector ${JSON.stringify(text)}: ${matcher.error}` };
    matchers.push(matcher);
  }
  if (matchers.length === 0 && list?.getChild('QuotedLabelName') != null) {
    return { error: `bad selector ${JSON.stringify(text)}: groups have no metric name; give label matchers in braces only, as {job="x"}` };
  }
  if (matchers.length === 0) return { error: `bad selector ${JSON.stringify(text)}: no label matchers (to delete every group, use the wipe endpoint)` };
  try {
    compileSelectors([matchers]);
  } catch (error) {
    return { error: `bad selector ${JSON.stringify(text)}: ${(error as Error).message}` };
  }
  if (matchers.every(matchesEmpty)) {
    return { error: `bad selector ${JSON.stringify(text)}: it must contain at least one matcher that does not match the empty value, as in PromQL` };
  }
  return { matchers };
}

function readMatcher(node: SyntaxNode, text: string): LabelMatcher | { error: string } {
  const source = (n: SyntaxNode) => text.slice(n.from, n.to);
  const op = node.getChild('MatchOp')?.firstChild;
  const strings = node.getChildren('StringLiteral');
  if (op == null) return { error: `${JSON.stringify(source(node))} is a metric name; groups have none: give label matchers only` };
  const nameNode = node.name === 'QuotedLabelMatcher' ? node.getChild('QuotedLabelName')?.getChild('StringLiteral') : node.getChild('LabelName');
  const valueNode = strings[strings.length - 1];
  if (nameNode == null || valueNode === undefined) return { error: `cannot read the matcher ${JSON.stringify(source(node))}` };
  const name = node.name === 'QuotedLabelMatcher' ? unquote(source(nameNode)) : source(nameNode);
  const value = unquote(source(valueNode));
  if (typeof name !== 'string') return name;
  if (typeof value !== 'string') return value;
  return { name, type: OPS[op.name], value };
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Go's strconv.Unquote for a PromQL string literal. */
function unquote(literal: string): string | { error: string } {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE) out += SIMPLE[e];
    else if (e === quote) out += e;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return { error: `invalid escape \\${e}${hex} in ${literal}` };
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) return { error: `invalid code point \\${e}${hex} in ${literal}` };
      // \x is a byte in Go; a label value is UTF-8 text, so only ASCII bytes are taken.
      if (e === 'x' && code > 0x7f) return { error: `\\x${hex} in ${literal} is a byte of no character; write the character or \\u` };
      out += String.fromCodePoint(code);
      i += width;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 0x7f) return { error: `invalid octal escape \\${oct} in ${literal}` };
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else return { error: `unknown escape sequence \\${e ?? ''} in ${literal}` };
  }
  return out;
}
