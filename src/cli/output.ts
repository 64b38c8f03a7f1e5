/**
 * Writing families in the format a command was asked for (`--to`: 0.0.4, OpenMetrics or
 * delimited protobuf), and reading the `--dialect` option. Converting to 0.0.4 says, on
 * stderr, what 0.0.4 cannot hold.
 */
import { formatCompact } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { sortFamilies } from '../order.js';
import type { Dialect } from '../parse/dialect.js';
import { renderProtobuf } from '../protobuf/render-protobuf.js';
import { renderOpenMetricsChunks } from '../render/render-openmetrics.js';
import { textLosses } from '../render/text-losses.js';
import { writeChunks, writeText } from '../render/write-text.js';
import { UsageError } from './args.js';
import type { CliIO } from './io.js';

export const OUTPUT_FORMATS = ['prometheus', 'openmetrics', 'protobuf'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormat(to: string | boolean | undefined): OutputFormat {
  if (to === undefined) return 'prometheus';
  if (!(OUTPUT_FORMATS as readonly unknown[]).includes(to)) {
    throw new UsageError(`--to must be one of ${OUTPUT_FORMATS.join(', ')}, got '${String(to)}'`);
  }
  return to as OutputFormat;
}

export function inputDialect(value: string | boolean | undefined): Dialect | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'prometheus' || value === 'openmetrics') return value;
  throw new UsageError(`--dialect must be auto, prometheus or openmetrics, got '${String(value)}'`);
}

export async function writeFamilies(families: readonly MetricFamily[], io: CliIO, to: OutputFormat, options: { sort?: boolean; file?: string } = {}): Promise<void> {
  if (to === 'openmetrics') {
    await writeChunks(io.stdout, renderOpenMetricsChunks(options.sort ? sortFamilies(families) : families));
    return;
  }
  if (to === 'protobuf') {
    await writeBytes(io, renderProtobuf(options.sort ? sortFamilies(families) : families));
    return;
  }
  for (const d of textLosses(families)) io.stderr.write(`${formatCompact(d, options.file ?? '<input>')}\n`);
  await writeText(families, io.stdout, { sort: options.sort === true });
}

/** Resolves once stdout has taken the bytes, so the process cannot exit before they are out. */
function writeBytes(io: CliIO, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    io.stdout.write(bytes, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
