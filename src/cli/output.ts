/**
 * Writing families in the format a command was asked for (`--to`: a row of the format
 * registry, src/formats/registry.ts: 0.0.4, OpenMetrics or delimited protobuf), and
 * reading the `--dialect` option. A conversion says, on stderr, what the format cannot
 * hold (0.0.4: units, exemplars, ...).
 */
import { formatCompact } from '../diagnostics.js';
import { type Format, OUTPUT_NAMES, formatNamed, formats, joinBytes } from '../formats/registry.js';
import type { MetricFamily } from '../model.js';
import { ESCAPING_SCHEMES, type EscapingScheme, escapeFamily, isEscapingScheme } from '../name-escaping.js';
import { sortFamilies } from '../order.js';
import type { Dialect } from '../parse/dialect.js';
import { drained, writeChunks } from '../render/write-text.js';
import { UsageError } from './args.js';
import type { CliIO } from './io.js';

/** The `--to` option's value, checked: a registry row, 0.0.4 by default. */
export function outputFormat(to: string | boolean | undefined): Format {
  if (to === undefined) return formats.prometheus;
  const format = typeof to === 'string' ? formatNamed(to) : undefined;
  if (format === undefined) throw new UsageError(`--to must be one of ${OUTPUT_NAMES.join(', ')}, got '${String(to)}'`);
  return format;
}

export function inputDialect(value: string | boolean | undefined): Dialect | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'prometheus' || value === 'openmetrics') return value;
  throw new UsageError(`--dialect must be auto, prometheus or openmetrics, got '${String(value)}'`);
}

/** The `--escaping` option's value, checked: how names that are not legacy are written, `allow-utf-8` (quoted) by default. */
export function escapingScheme(value: string | boolean | undefined): EscapingScheme {
  if (value === undefined) return 'allow-utf-8';
  if (typeof value === 'string' && isEscapingScheme(value)) return value;
  throw new UsageError(`--escaping must be one of ${ESCAPING_SCHEMES.join(', ')}, got '${String(value)}'`);
}

/**
 * Writes families, a list or a stream of them (big-input.ts), in the format `to`, with
 * what the format cannot hold on stderr (unless `losses` is false), names escaped under
 * `escaping` (default `allow-utf-8`: kept, quoted where needed). A stream is written family
 * by family as it comes, so the output of any size passes in bounded memory.
 */
export async function writeFamilies(
  families: AsyncIterable<MetricFamily> | readonly MetricFamily[],
  io: CliIO,
  to: Format,
  options: { sort?: boolean; file?: string; losses?: boolean; escaping?: EscapingScheme } = {},
): Promise<void> {
  const report = (list: readonly MetricFamily[]) => {
    if (options.losses === false) return;
    for (const d of to.losses?.(list) ?? []) io.stderr.write(`${formatCompact(d, options.file ?? '<input>')}\n`);
  };
  const escaping = options.escaping ?? 'allow-utf-8';
  // Sorted by the names as given, then escaped, as Go's registry and encoder do.
  const escaped = (list: readonly MetricFamily[]) => (escaping === 'allow-utf-8' ? list : list.map((f) => escapeFamily(f, escaping)));
  if (isList(families)) {
    report(families);
    const list = escaped(options.sort ? sortFamilies(families) : families);
    // Text is streamed; a binary body goes out in one write.
    if (to.binary) await writeBytes(io, joinBytes(to.encode(list)));
    else await writeChunks(io.stdout, to.encode(list));
    return;
  }
  // The OpenMetrics document ends once, with `# EOF`, not after every family.
  const EOF = '# EOF\n';
  for await (const family of families) {
    report([family]);
    for (const chunk of to.encode(escaped([family]))) {
      if (to.name === 'openmetrics' && chunk === EOF) continue;
      if (!io.stdout.write(chunk)) await drained(io.stdout);
    }
  }
  if (to.name === 'openmetrics') await writeChunks(io.stdout, [EOF]);
}

function isList(families: AsyncIterable<MetricFamily> | readonly MetricFamily[]): families is readonly MetricFamily[] {
  return Array.isArray(families);
}

/** Resolves once stdout has taken the bytes, so the process cannot exit before they are out. */
function writeBytes(io: CliIO, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    io.stdout.write(bytes, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
