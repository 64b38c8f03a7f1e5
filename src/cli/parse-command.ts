/**
 * `expofmt parse [FILE|-] [--format json|text] [--from text|protobuf]`: reads an
 * exposition, parses it with the library's `parse` (or `parseProtobuf`), and prints the
 * families as prom2json-style JSON or as re-rendered 0.0.4 text. Invalid input prints the
 * first diagnostic, with its source line and a caret, on stderr and exits with 1; nothing
 * goes to stdout then.
 */
import { formats } from '../formats/registry.js';
import type { MetricFamily } from '../model.js';
import { renderProm2JsonChunks } from '../render/render-prom2json.js';
import { writeChunks } from '../render/write-text.js';
import { parseArgs, UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import type { CliIO } from './io.js';
import { inputDialect } from './output.js';
import { displayName } from './io.js';
import { writeFamilies } from './output.js';
import { inputFormat, withFamilies } from './read-families.js';

/**
 * `--format`: prom2json's JSON, a view for scripts and no exposition format (so not a row
 * of the format registry), or `text`, the registry's 0.0.4 row.
 */
const FORMATS = ['json', 'text'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: expofmt parse [FILE|-] [--format json|text] [--dialect DIALECT]
       expofmt parse --from protobuf [FILE|-] [--format json|text]

Parses a Prometheus exposition (text 0.0.4, OpenMetrics 1.0 or delimited protobuf) and
prints its metric families. FILE defaults to - (standard input).

Options:
  -f, --format json|text  json (default): an array of families, prom2json style;
                          text: the families written back as 0.0.4 text
      --dialect DIALECT   auto (default: OpenMetrics if the input ends with # EOF),
                          prometheus or openmetrics
      --from FORMAT       text (default): the text formats, as --dialect says;
                          protobuf: delimited io.prometheus.client.MetricFamily
                          messages, as Go clients push them
  -h, --help              show this help
      --version           print the version

Exit status: 0 valid, 1 invalid input (the error goes to stderr as
FILE:LINE:COL: message [CODE]; for protobuf LINE is the message's index),
2 bad usage or unreadable input.
`;

export const parseCommand: Command = {
  name: 'parse',
  summary: 'parse an exposition and print it as JSON or text',
  usage: USAGE,
  async run(args, io) {
    const { options, positionals } = parseArgs(args, {
      format: { kind: 'string', short: 'f' },
      dialect: { kind: 'string' },
      from: { kind: 'string' },
      help: { kind: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout.write(USAGE);
      return Exit.OK;
    }
    const format = (options.format ?? 'json') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be json or text, got '${String(options.format)}'`);
    if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
    const file = positionals[0] ?? '-';

    const read = { dialect: inputDialect(options.dialect), from: inputFormat(options.from) };
    return withFamilies(file, io, 'parse', read, async (families) => {
      if (format === 'text') await writeFamilies(families, io, formats.prometheus, { file: displayName(file), losses: false });
      else await writeProm2Json(families, io);
    });
  },
};

/** prom2json's array, one family at a time: `[`, the families separated by commas, `]`. */
async function writeProm2Json(families: AsyncIterable<MetricFamily> | readonly MetricFamily[], io: CliIO): Promise<void> {
  let first = true;
  for await (const family of families) {
    // The renderer's document for one family is `[\n  {...}` and `\n]\n`: its first piece, opened or continued.
    const [opening] = renderProm2JsonChunks([family]);
    await writeChunks(io.stdout, [`${first ? '[\n' : ',\n'}${opening.slice(2)}`]);
    first = false;
  }
  await writeChunks(io.stdout, [first ? '[]\n' : '\n]\n']);
}
