/**
 * Feeds text to the scanner line by line and the scanned lines to the family builder,
 * counting lines and turning errors into diagnostics. Whole-input and streaming parses
 * share it: each hands over text that ends with complete lines, and the unfinished rest
 * once the input is over.
 */
import { type Diagnostic, ParseError, columnOf, ParseCode } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { FamilyBuilder } from './family-builder.js';
import { LineError, LineKind, TextLineScanner } from './text-scanner.js';

export interface ParseOptions {
  /** Report every error, resuming at the next line, instead of stopping at the first. */
  collectErrors?: boolean;
}

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
    const end = text.lastIndexOf('\n') + 1;
    const scanner = this.scanner;
    const builder = this.builder;
    scanner.text = text;
    let pos = 0;
    let lineStart = 0;
    for (;;) {
      try {
        while (pos < end) {
          lineStart = pos;
          this.line++;
          pos = scanner.scanLine(pos);
          const kind = scanner.kind;
          if (kind === LineKind.Sample) builder.sample(scanner, this.line);
          else if (kind !== LineKind.Blank) this.applyMeta(kind);
        }
        return end;
      } catch (error) {
        if (!(error instanceof LineError)) throw error;
        this.report(error, text, lineStart);
        pos = text.indexOf('\n', lineStart) + 1;
      }
    }
  }

  /** Ends the input with `rest`, the text after the last LF. */
  end(rest: string): void {
    if (!/^[ \t]*$/.test(rest)) {
      // The Go reference reads up to the end and fails there; report an earlier error of
      // the line first, as it would.
      const text = rest + '\n';
      this.scanner.text = text;
      this.line++;
      let error = new LineError(ParseCode.UNEXPECTED_EOF, 'unexpected end of input stream', rest.length);
      try {
        this.scanner.scanLine(0);
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        if (e.index < rest.length) error = e;
      }
      this.report(error, text, 0);
    }
    this.builder.finish();
  }

  /** Records a diagnostic found outside the scanner (bad UTF-8) at an index of `text`. */
  report(error: LineError, text: string, lineStart: number): void {
    const diagnostic: Diagnostic = {
      code: error.code,
      severity: 'error',
      message: error.message,
      line: this.line,
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
