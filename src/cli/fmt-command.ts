/**
 * `expofmt fmt [FILE|-] [--sort] [--to prometheus|openmetrics|protobuf] [--from text|protobuf]`:
 * the canonical rendering of an exposition, or its conversion to another format.
 * Rendering is deterministic and the parser reads it back unchanged, so `fmt` of its own
 * output is a fixed point.
 */
import { parseArgs, UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import { displayName, openOutput } from './io.js';
import { escapingScheme, inputDialect, outputFormat, writeFamilies } from './output.js';
import { inputFormat, withFamilies } from './read-families.js';
import { refuseBinaryOnTerminal } from './terminal.js';

const USAGE = `Usage: expofmt fmt [FILE|-] [--sort] [--to prometheus|openmetrics|protobuf] [--escaping SCHEME] [--dialect DIALECT]
       expofmt fmt --from protobuf [FILE|-] [--sort] [--to FORMAT]

Parses an exposition and writes it back in canonical form: text format 0.0.4 exactly as
the Go reference writer prints it (floats as Go's %g, +Inf buckets added, summary and
histogram lines in the standard order), or OpenMetrics 1.0 as the Go OpenMetrics writer
does. Converting OpenMetrics to 0.0.4 lists what 0.0.4 cannot hold (units, exemplars,
_created, some types) as info lines on stderr. Protobuf is delimited
io.prometheus.client.MetricFamily messages, what Go clients push and Pushgateway serves.

Options:
  -s, --sort        order families by name and series by label values, as
                    Pushgateway and the Go client registry serve them
  -t, --to FORMAT   prometheus (default): text format 0.0.4; openmetrics;
                    protobuf (binary)
      --escaping S  how metric and label names that are not legacy names are
                    written: allow-utf-8 (default: quoted, {"my.metric"}),
                    underscores (my_metric), dots (my_dot_metric) or values
                    (U__my_2e_metric), as Prometheus 3's escaping schemes
      --dialect D   input dialect: auto (default: OpenMetrics if it ends with
                    # EOF), prometheus or openmetrics
      --from F      input format: text (default; as --dialect says) or protobuf
  -o, --output FILE write to FILE instead of stdout (protobuf, binary, is
                    refused on a terminal without it)
  -h, --help        show this help
      --version     print the version

Exit status: 0 done, 1 invalid input, 2 bad usage or unreadable input.
`;

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'write an exposition back in canonical form',
  usage: USAGE,
  async run(args, io) {
    const { options, positionals } = parseArgs(args, {
      sort: { kind: 'boolean', short: 's' },
      to: { kind: 'string', short: 't' },
      dialect: { kind: 'string' },
      from: { kind: 'string' },
      output: { kind: 'string', short: 'o' },
      escaping: { kind: 'string' },
      help: { kind: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout.write(USAGE);
      return Exit.OK;
    }
    const to = outputFormat(options.to);
    const output = typeof options.output === 'string' ? options.output : undefined;
    if (output === undefined) refuseBinaryOnTerminal(io, to);
    const escaping = escapingScheme(options.escaping);
    const dialect = inputDialect(options.dialect);
    const from = inputFormat(options.from);
    if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
    const file = positionals[0] ?? '-';
    const sort = options.sort === true;
    // --sort needs every family first: it holds the input whole.
    return withFamilies(file, io, 'fmt', { dialect, from, whole: sort }, async (families) => {
      const out = output === undefined ? { io, close: async () => {} } : await openOutput(io, output);
      await writeFamilies(families, out.io, to, { sort, file: displayName(file), escaping });
      await out.close();
    });
  },
};
