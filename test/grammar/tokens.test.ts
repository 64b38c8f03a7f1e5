/**
 * The multi-mode lexer: it never fails, its tokens cover the input (less the skipped
 * blanks at line starts), and the modes put the context-sensitive parts in one token.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/grammar/tokens.js';

const kinds = (text: string) => tokenize(text).map((t) => `${t.tokenType.name}:${t.image}`);

describe('tokenize', () => {
  it('reads a sample line token by token', () => {
    expect(kinds('a{b="c\\"",d="e\\t"} 1.5e3 -7\n')).toEqual([
      'LineMetricName:a',
      'NameLBrace:{',
      'LabelName:b',
      'Equals:=',
      'LabelQuote:"',
      'StringChars:c',
      'Escape:\\"',
      'LabelCloseQuote:"',
      'Comma:,',
      'LabelName:d',
      'Equals:=',
      'LabelQuote:"',
      'StringChars:e',
      'BadEscape:\\t',
      'LabelCloseQuote:"',
      'RBrace:}',
      'Blanks: ',
      'DecimalValue:1.5e3',
      'Blanks: ',
      'Timestamp:-7',
      'LineEnd:\n',
    ]);
  });

  it('takes HELP text and the TYPE word as the rest of the line', () => {
    expect(kinds('#HELP a x "y" \\n\n# TYPE "a.b"  counter \n')).toEqual([
      'Hash:#',
      'HelpKeyword:HELP',
      'Blanks: ',
      'MetaMetricName:a',
      'TextSeparator: ',
      'TextChars:x "y" ',
      'Escape:\\n',
      'LineEnd:\n',
      'Hash:#',
      'Blanks: ',
      'TypeKeyword:TYPE',
      'Blanks: ',
      'MetaQuote:"',
      'StringChars:a.b',
      'MetaCloseQuote:"',
      'TextSeparator:  ',
      'TextChars:counter ',
      'LineEnd:\n',
    ]);
  });

  it('reads a whole blank-delimited word as a value or timestamp, or as a bad one', () => {
    expect(kinds('a +Inf nan\nb NaN1 1.5\nc -0 +5\n').filter((k) => !k.startsWith('Blanks') && !k.startsWith('LineEnd'))).toEqual([
      'LineMetricName:a',
      'InfValue:+Inf',
      'BadTimestamp:nan',
      'LineMetricName:b',
      'BadValue:NaN1',
      'BadTimestamp:1.5',
      'LineMetricName:c',
      'DecimalValue:-0',
      'Timestamp:+5',
    ]);
  });

  it('keeps comments that are not metadata whole, and a bad line start to the end of its line', () => {
    expect(kinds('# HELPx y\n# HELP\n  @x {"a"} 1\n')).toEqual([
      'Hash:#',
      'Blanks: ',
      'CommentText:HELPx y',
      'LineEnd:\n',
      'Hash:#',
      'Blanks: ',
      'CommentText:HELP',
      'LineEnd:\n',
      'LineJunk:@x {"a"} 1',
      'BlankLineEnd:\n',
    ]);
  });

  it('never fails, and its tokens tile the input but for blanks at line starts', () => {
    const unit = fc.constantFrom(...'a_:01e.+-{}"\\=,# \t\n\rHELPü', '😀');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        let covered = '';
        for (const t of tokenize(text)) covered += t.image;
        expect(covered).toBe(text.replace(/(^|\n)[ \t]+/g, '$1'));
      }),
      { numRuns: 500 },
    );
  });
});
