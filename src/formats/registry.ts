/**
 * The exposition formats expofmt reads and writes, one row each, modelled on Go's
 * prometheus/common expfmt (`Format`, `NewDecoder`, `NewEncoder`; negotiation is
 * negotiate.ts): text 0.0.4, OpenMetrics 1.0 and delimited protobuf. A row says what the
 * CLI calls the format (`--to`, `--from`), its Content-Type, how a push's Content-Type
 * and a scraper's Accept name it, and how to decode and encode it. The CLI's `--to` and
 * `--from`, the gateway's push decoding and its scrape negotiation all go through here.
 *
 * Adding an output format is ONE renderer (src/render/, families -> chunks, streaming)
 * plus ONE row below (its name joins `FormatName`): `--to` takes it at once, and its usage
 * error lists it. A format that can also be read adds the `Readable` fields (a decoder, how
 * `--from` and a push's Content-Type name it).
 *
 * prom2json's JSON (`expofmt parse --format json`) is not a row: it is a view of the
 * parsed families for scripts, not an exposition format (no media type a scraper asks for,
 * no decoder), and as a row it would become a `--to` value that `fmt` and `merge` refuse.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Metric, MetricFamily } from '../model.js';
import { type DialectOptions, chooseDialect, dialectOf } from '../parse/dialect.js';
import { parseOpenMetrics } from '../parse/openmetrics/parse.js';
import { parseText } from '../parse/text/parse.js';
import type { ParseOptions, ParseResult } from '../parse/types.js';
import { PROTOBUF_DELIMITED_CONTENT_TYPE, isDelimitedProtobuf, isProtobufContentType } from '../protobuf/media-type.js';
import { parseProtobuf } from '../protobuf/parse-protobuf.js';
import { concatBytes, familyMessage, renderProtobufChunks, renderProtobufFamily } from '../protobuf/render-protobuf.js';
import { renderOpenMetricsChunks } from '../render/render-openmetrics.js';
import { familyText, renderText, renderTextChunks } from '../render/render-text.js';
import { openMetricsLosses, textLosses } from '../render/text-losses.js';

export type FormatName = 'prometheus' | 'openmetrics' | 'protobuf';

/** What `--from` names: both text dialects are `text` (`--dialect` or a final `# EOF` picks one). */
export type InputName = 'text' | 'protobuf';

/** One entry of an `Accept` header: media type and parameter names lower-cased, values as sent. */
export interface MediaRange {
  type: string;
  params: ReadonlyMap<string, string>;
}

export interface DecodeOptions extends ParseOptions {
  /** Protobuf refuses a longer body before decoding it (E_PROTOBUF_TOO_LARGE); the text formats ignore it. */
  maxBytes?: number;
}

/**
 * One family's encoding in pieces: its header, then each series' piece, the whole preceded
 * by `lengthPrefix(size of header and series)` when the format has one. The body is the
 * families' encodings one after another. A series' piece depends on it and the family's
 * name and type alone.
 *
 * `tail`, where the format has one: the end of a series' piece after its labels, so that
 * two series of the same labels differ only there (text: ` value timestamp\n`; protobuf:
 * the value's message and the timestamp); undefined for a series whose piece is not so
 * made. With `tailKeepsLength`, the start of a piece depends on its length (protobuf's
 * length prefix): a tail may replace another only of the same length.
 */
export interface FamilyPieces {
  readonly header: string | Uint8Array;
  series(metric: Metric): string | Uint8Array;
  readonly tail?: (metric: Metric) => string | Uint8Array | undefined;
  readonly tailKeepsLength?: boolean;
  readonly lengthPrefix?: (size: number) => Uint8Array;
}

interface FormatRow<N extends FormatName, C extends string | Uint8Array> {
  /** As `--to` spells it. */
  readonly name: N;
  /** The Content-Type of a body in this format, as Go's expfmt spells it. */
  readonly contentType: string;
  /** Whether one entry of a scraper's `Accept` asks for this format (as expfmt's negotiation tests it). */
  accepts(range: MediaRange): boolean;
  /** As `--from` spells it, for a format that can be read (`Readable`). */
  readonly input?: InputName;
  /** Families -> the body in chunks, families in the order given. Joined, the chunks are the whole body. */
  encode(families: readonly MetricFamily[]): Iterable<C>;
  /**
   * One family's encoding, for formats whose body is nothing but its families' encodings
   * one after another (no header, no trailer): a server may cache it per family.
   */
  readonly encodeFamily?: (family: MetricFamily) => C;
  /**
   * A family in pieces, for a server that keeps the encoding of the series that did not
   * change: see FamilyPieces.
   */
  readonly pieces?: (family: MetricFamily) => FamilyPieces;
  /** What this format cannot hold of the families, as info diagnostics (a conversion is never silent). */
  readonly losses?: (families: readonly MetricFamily[]) => Diagnostic[];
}

/** A format whose chunks are text (UTF-8 on the wire). */
export interface TextFormat<N extends FormatName = FormatName> extends FormatRow<N, string> {
  readonly binary: false;
}

/** A format whose chunks are bytes. */
export interface BinaryFormat<N extends FormatName = FormatName> extends FormatRow<N, Uint8Array> {
  readonly binary: true;
}

export type Format = TextFormat | BinaryFormat;

/** What a format that can be read adds: its decoder, and how inputs and pushes name it. */
export interface Readable {
  /** As `--from` spells it. */
  readonly input: InputName;
  /** Whether a request's `Content-Type` header names this format. */
  matchesContentType(header: string | undefined): boolean;
  /** Bytes -> families. The first error throws a `ParseError` unless `collectErrors` is set. */
  decode(bytes: Uint8Array, options?: DecodeOptions): ParseResult;
}

export type ReadableFormat = Format & Readable;

/** Whether a row can be read back (`--from`, pushes). */
export function isReadable(format: Format): format is ReadableFormat {
  return typeof (format as Partial<Readable>).decode === 'function';
}

/** A text/plain entry is text 0.0.4 when its version is absent or 0.0.4. */
// An object, not a Set, so that the choice stays what it was before the registry: `in` also
// finds prototype keys (`version=constructor` counts as text 0.0.4), where Go would not.
const TEXT_VERSIONS = { '': true, '0.0.4': true };
const OPENMETRICS_VERSIONS = new Set(['', '1.0.0']);

const prometheus: TextFormat<'prometheus'> & Readable = {
  name: 'prometheus',
  input: 'text',
  binary: false,
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  matchesContentType: (header) => dialectOf(header) === 'prometheus',
  accepts: (range) => range.type === 'text/plain' && (range.params.get('version') ?? '') in TEXT_VERSIONS,
  decode: (bytes, options) => parseText(bytes, options),
  encode: (families) => renderTextChunks(families),
  encodeFamily: (family) => renderText([family]),
  pieces: familyText,
  losses: textLosses,
};

const openmetrics: TextFormat<'openmetrics'> & Readable = {
  name: 'openmetrics',
  input: 'text',
  binary: false,
  contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
  matchesContentType: (header) => dialectOf(header) === 'openmetrics',
  accepts: (range) => range.type === 'application/openmetrics-text' && OPENMETRICS_VERSIONS.has(range.params.get('version') ?? ''),
  decode: (bytes, options) => parseOpenMetrics(bytes, options),
  encode: (families) => renderOpenMetricsChunks(families),
  losses: openMetricsLosses,
};

const protobuf: BinaryFormat<'protobuf'> & Readable = {
  name: 'protobuf',
  input: 'protobuf',
  binary: true,
  contentType: PROTOBUF_DELIMITED_CONTENT_TYPE,
  matchesContentType: isProtobufContentType,
  accepts: (range) => isDelimitedProtobuf(range.type, range.params),
  decode: (bytes, options) => parseProtobuf(bytes, options),
  encode: (families) => renderProtobufChunks(families),
  encodeFamily: renderProtobufFamily,
  pieces: familyMessage,
};

/** Every format, by name, in the order the CLI lists them. */
export const formats = { prometheus, openmetrics, protobuf } as const satisfies { [N in FormatName]: Format & { name: N } };

/** The rows in order. */
export const FORMAT_LIST: readonly Format[] = Object.values(formats);

/** `--to`'s names, in order. */
export const OUTPUT_NAMES: readonly FormatName[] = FORMAT_LIST.map((f) => f.name);

/** `--from`'s names, in order of their first row. */
export const INPUT_NAMES: readonly InputName[] = [...new Set(FORMAT_LIST.filter(isReadable).map((f) => f.input))];

/** The row called `name`, or undefined. */
export function formatNamed(name: string): Format | undefined {
  return FORMAT_LIST.find((f) => f.name === name);
}

/**
 * The format to decode an input read as `input` with: `text` is OpenMetrics or 0.0.4 as
 * `options.dialect`, else `options.contentType`, else a final `# EOF` line says (the
 * choice `parse` makes).
 */
export function inputFormatOf(input: InputName, bytes: Uint8Array, options: DialectOptions = {}): ReadableFormat {
  const rows = FORMAT_LIST.filter(isReadable).filter((f) => f.input === input);
  return rows.length === 1 ? rows[0] : formats[chooseDialect(bytes, options)];
}

/**
 * The format a push body is decoded as, Pushgateway's rule: delimited protobuf only with
 * exactly its Content-Type (Go's `mime.ParseMediaType`, then media type, `proto` and
 * `encoding`); anything else is text 0.0.4, an OpenMetrics body included.
 */
export function pushFormat(contentType: string | undefined): ReadableFormat {
  return formats.protobuf.matchesContentType(contentType) ? formats.protobuf : formats.prometheus;
}

/** Chunks of bytes as one body. */
export const joinBytes = concatBytes;
