/**
 * The contracts of the parse stage, apart from any one parser: what a parse takes and
 * gives (options, result, chunk sources), and the line record of text 0.0.4 that the fast
 * scanner (text/scanner.ts) and the chevrotain grammar (src/grammar) both produce and
 * feed to one family builder (text/builder.ts). The grammar and protobuf import these
 * from here, never from the fast parser's files.
 */
import type { Code, Diagnostic } from '../diagnostics.js';
import type { Labels, MetricFamily } from '../model.js';

// What a parse takes and gives, in both dialects and protobuf.

export interface ParseOptions {
  /** Report every error, resuming at the next line, instead of stopping at the first. */
  collectErrors?: boolean;
}

export interface ParseResult {
  /** In order of each family's first sample; a family split into runs comes out once. */
  families: MetricFamily[];
  /** Every error found, when `collectErrors` is set; otherwise empty (the first error throws). */
  diagnostics: Diagnostic[];
}

export type Chunk = string | Uint8Array;
export type ChunkSource = AsyncIterable<Chunk> | Iterable<Chunk> | ReadableStream<Chunk>;

export interface StreamOptions extends ParseOptions {
  /** Called for each error when `collectErrors` is set (otherwise the first error throws). */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
}

// One line of text 0.0.4, as a scanner reports it and the family builder takes it.

export const LineKind = {
  /** Empty, blanks only, or a comment that is not metadata. */
  Blank: 0,
  /** `# HELP name` or `# TYPE name` with nothing after the name: names the family only. */
  MetaName: 1,
  Help: 2,
  Type: 3,
  Sample: 4,
} as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

/** A syntax or semantic error at an index of the input. */
export class LineError {
  constructor(
    readonly code: Code,
    readonly message: string,
    readonly index: number,
    readonly family?: string,
    /**
     * Where a reader going left to right first knows of the error, when that is later than
     * `index`: the end of a bad token, the character after a backslash. Input that stops
     * before this point ends in `unexpected end of input stream` instead, as in Go.
     */
    readonly noticedAt: number = index,
  ) {}
}

/** Where the parts of the sample line are, for error positions. */
export interface SampleLine {
  name: string;
  labels: Labels;
  labelIndexes: readonly number[];
  value: number;
  valueIndex: number;
  nameIndex: number;
  timestampMs: number | undefined;
}

/**
 * What scanned 0.0.4 lines are fed to: the family builder (text/builder.ts), whichever
 * parser scanned them. Each method throws a LineError for a line it refuses.
 */
export interface LineSink {
  /** `# HELP name` or `# TYPE name` with nothing after the name. */
  touch(name: string, line: number): void;
  help(name: string, text: string, line: number, index: number): void;
  type(name: string, word: string, line: number, typeIndex: number, nameIndex: number): void;
  sample(s: SampleLine, line: number): void;
}
