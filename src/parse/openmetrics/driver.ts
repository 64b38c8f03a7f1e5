/**
 * Feeds OpenMetrics text to the scanner line by line and the scanned lines to the
 * builder, counting lines, watching for `# EOF`, and turning errors into diagnostics.
 * Whole-input and streaming parses share it: each hands over text that ends with complete
 * lines, then the unfinished rest once the input is over.
 */
import { type Diagnostic, ParseError, columnOf } from '../../diagnostics.js';
import type { MetricFamily } from '../../model.js';
import { feedInWindows, loadCodeUnits } from '../core/code-units.js';
import type { ParseOptions } from '../types.js';
import { OpenMetricsBuilder } from './builder.js';
import { OmError, OpenMetricsCode as Code } from './codes.js';
import { OmLineKind, OpenMetricsLineScanner } from './scanner.js';

const BOM = 0xfeff;

export class OpenMetricsDriver {
  private readonly scanner = new OpenMetricsLineScanner();
  readonly builder: OpenMetricsBuilder;
  readonly diagnostics: Diagnostic[] = [];
  /** Lines handed over so far. */
  line = 0;
  private readonly collect: boolean;
  private eof = false;
  private afterEofReported = false;
  // Where the line being parsed is, for errors the builder reports while it is parsed.
  private text = '';
  private lineStart = 0;

  constructor(mode: 'whole' | 'stream', options: ParseOptions = {}, emit?: (family: MetricFamily) => void) {
    this.collect = options.collectErrors === true;
    this.builder = new OpenMetricsBuilder(mode, (error) => this.report(error), emit);
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
    this.text = text;
    scanner.setText(text, loadCodeUnits(text));
    let pos = 0;
    if (this.skipNext) {
      this.skipNext = false;
      this.line++;
      pos = text.indexOf('\n') + 1;
    }
    if (this.line === 0 && text.charCodeAt(0) === BOM) {
      this.lineStart = 0;
      this.report(new OmError(Code.BOM, 'byte order mark at the start: OpenMetrics forbids one', 0), 1);
      pos = 1; // collecting: read on as if it were not there
    }
    for (;;) {
      try {
        while (pos < end) {
          this.lineStart = pos;
          if (this.eof) {
            this.afterEof();
            return;
          }
          const line = ++this.line;
          pos = scanner.scanLine(pos);
          const kind = scanner.kind;
          if (kind === OmLineKind.Sample) builder.sample(scanner, line);
          else if (kind === OmLineKind.Eof) this.endOfExposition();
          else builder.metadata(kind, scanner.name, scanner.metaText, line, scanner.nameIndex);
        }
        return;
      } catch (error) {
        if (!(error instanceof OmError)) throw error;
        this.report(error);
        pos = text.indexOf('\n', this.lineStart) + 1;
      }
    }
  };

  /** Ends the input with `rest`, the text after the last LF. */
  end(rest: string): void {
    if (this.skipNext) {
      // The unfinished last line held invalid UTF-8: that is its one error.
      this.skipNext = false;
      this.line++;
      rest = '';
    }
    if (this.eof) {
      if (rest !== '') this.afterEof();
      return;
    }
    if (rest === '# EOF') {
      // The spec makes the final LF optional.
      this.line++;
      this.endOfExposition();
      return;
    }
    // An unfinished last line: its own errors come first.
    if (rest !== '') this.feed(`${rest}\n`);
    this.builder.finish();
    if (!this.eof) {
      const message = "Missing # EOF at end: an OpenMetrics exposition ends with the line '# EOF'";
      this.report(new OmError(Code.MISSING_EOF, message, 0, undefined, this.line + 1));
    }
  }

  /**
   * Reports invalid UTF-8 on the next line, after `lineSoFar` (its text before the bad
   * byte), and skips that line. The caller has fed every complete line before it, so
   * errors stay in order.
   */
  invalidUtf8(lineSoFar: string): void {
    if (this.skipNext) return; // one report per line
    this.skipNext = true;
    const column = columnOf(lineSoFar, 0, lineSoFar.length);
    this.report(new OmError(Code.INVALID_UTF8, 'invalid UTF-8 byte sequence (OpenMetrics is UTF-8 only)', 0, undefined, this.line + 1, column));
  }

  /** The next line held invalid UTF-8, reported already: it is skipped. */
  private skipNext = false;

  /** Records the diagnostic for `error`; throws unless collecting. */
  private report(error: OmError, line = this.line): void {
    const placed = error.line !== undefined;
    const diagnostic: Diagnostic = {
      code: error.code,
      severity: 'error',
      message: error.message,
      line: placed ? error.line! : line,
      column: placed ? error.column : columnOf(this.text, this.lineStart, error.index),
    };
    if (error.family !== undefined) diagnostic.family = error.family;
    if (!this.collect) throw new ParseError(diagnostic);
    this.diagnostics.push(diagnostic);
  }

  private endOfExposition(): void {
    this.eof = true;
    this.builder.finish();
  }

  /** A line after `# EOF`: reported once, and nothing after it is read. */
  private afterEof(): void {
    if (this.afterEofReported) return;
    this.afterEofReported = true;
    const line = this.line + 1;
    this.report(new OmError(Code.TEXT_AFTER_EOF, 'Received line after # EOF: nothing may follow it but one line feed', 0, undefined, line));
  }
}
