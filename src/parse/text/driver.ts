/**
 * Feeds text to the scanner line by line and the scanned lines to the family builder,
 * counting lines and turning errors into diagnostics. Whole-input and streaming parses
 * share it: each hands over text that ends with complete lines, and the unfinished rest
 * once the input is over.
 */
import { type Diagnostic, ParseError, columnOf, ParseCode } from '../../diagnostics.js';
import type { MetricFamily } from '../../model.js';
import { feedInWindows, loadCodeUnits } from '../core/code-units.js';
import { FamilyBuilder } from './builder.js';
import { TextLineScanner } from './scanner.js';
import { LineError, LineKind, type ParseOptions } from '../types.js';

export class LineDriver {
  private readonly scanner = new TextLineScanner();
  readonly builder: FamilyBuilder;
  readonly diagnostics: Diagnostic[] = [];
  /** Lines handed over so far. */
  line = 0;
  private readonly collect: boolean;

  constructor(mode: 'whole' | 'stream', options: ParseOptions = {}, emit?: (family: MetricFamily) => void) {
    this.builder = new FamilyBuilder(mode, emit);
    this.collect = options.collectErrors === true;
  }

  /** Parses every complete line of `text`; returns the index where the unfinished rest starts. */
  feed(text: string): number {
    return feedInWindows(text, this.feedWindow);
  }

  /** Parses `text`, which ends with LF. */
  private readonly feedWindow = (text: string): void => {
    const end = text.length;
    const scanner = this.scanner;
    const builder = this.builder;
    scanner.setText(text, loadCodeUnits(text));
    let pos = 0;
    let lineStart = 0;
    for (;;) {
      try {
        if (this.skipNext && pos < end) {
          this.skipNext = false;
          this.line++;
          pos = text.indexOf('\n', pos) + 1;
        }
        while (pos < end) {
          lineStart = pos;
          this.line++;
          pos = scanner.scanLine(pos);
          const kind = scanner.kind;
          if (kind === LineKind.Sample) builder.sample(scanner, this.line);
          else if (kind !== LineKind.Blank) this.applyMeta(kind);
        }
        return;
      } catch (error) {
        if (!(error instanceof LineError)) throw error;
        this.report(error, text, lineStart);
        pos = text.indexOf('\n', lineStart) + 1;
      }
    }
  };

  /** Ends the input with `rest`, the text after the last LF. */
  end(rest: string): void {
    if (this.skipNext) {
      this.skipNext = false; // its bad byte is its one error
    } else if (!/^[ \t]*$/.test(rest)) {
      // The Go reference reads up to the end and fails there; report an error of the line
      // it notices before the end first, as it would.
      const text = rest + '\n';
      this.scanner.setText(text, loadCodeUnits(text));
      this.line++;
      let error = new LineError(ParseCode.UNEXPECTED_EOF, 'unexpected end of input stream', rest.length);
      try {
        this.scanner.scanLine(0);
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        if (e.noticedAt < rest.length) error = e;
      }
      this.report(error, text, 0);
    }
    this.builder.finish();
  }

  /**
   * Reports invalid UTF-8 on the next line, after `lineSoFar` (its text before the bad
   * byte), and skips that line when it comes: what it says is not what was sent. The
   * caller has fed every complete line before it, so errors stay in order.
   */
  invalidUtf8(lineSoFar: string): void {
    if (this.skipNext) return; // one report per line
    const error = new LineError(ParseCode.INVALID_UTF8, 'invalid UTF-8 byte sequence (the text formats are UTF-8 only)', lineSoFar.length);
    this.report(error, lineSoFar, 0, this.line + 1); // the line is counted when it is fed
    this.skipNext = true;
  }

  /** The next line held invalid UTF-8, reported already. */
  private skipNext = false;

  /** Records the diagnostic for `error`, at an index of `text`; throws unless collecting. */
  report(error: LineError, text: string, lineStart: number, line = this.line): void {
    const diagnostic: Diagnostic = {
      code: error.code,
      severity: 'error',
      message: error.message,
      line,
      column: columnOf(text, lineStart, error.index),
    };
    if (error.family !== undefined) diagnostic.family = error.family;
    if (!this.collect) throw new ParseError(diagnostic);
    this.diagnostics.push(diagnostic);
  }

  private applyMeta(kind: LineKind): void {
    const s = this.scanner;
    if (kind === LineKind.Help) this.builder.help(s.name, s.metaText, this.line, s.nameIndex);
    else if (kind === LineKind.Type) this.builder.type(s.name, s.metaText, this.line, s.metaIndex, s.nameIndex);
    else this.builder.touch(s.name, this.line);
  }
}
