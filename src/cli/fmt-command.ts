/**
 * `expofmt fmt [FILE|-] [--sort] [--to prometheus]`: the canonical rendering of an
 * exposition. Rendering is deterministic and the parser reads it back unchanged, so `fmt`
 * of its own output is a fixed point.
 */
import { writeText } from '../render/write-text.js';
import { parseArgs, UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import { readFamilies } from './read-families.js';

export const OUTPUT_FORMATS = ['prometheus'] as const;

const USAGE = `Usage: expofmt fmt [FILE|-] [--sort] [--to prometheus]

Parses an exposition and writes it back in canonical form: text format 0.0.4 exactly as
the Go reference writer prints it (floats as Go's %g, +Inf buckets added, summary and
histogram lines in the standard order).

Options:
  -s, --sort        order families by name and series by label values, as
                    Pushgateway and the Go client registry serve them
  -t, --to FORMAT   prometheus (default): text format 0.0.4
  -h, --help        show this help

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
      help: { kind: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout.write(USAGE);
      return Exit.OK;
    }
    checkOutputFormat(options.to);
    if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
    const families = await readFamilies(positionals[0] ?? '-', io, 'fmt');
    if (typeof families === 'number') return families;
    await writeText(families, io.stdout, { sort: options.sort === true });
    return Exit.OK;
  },
};

export function checkOutputFormat(to: string | boolean | undefined): void {
  if (to !== undefined && !(OUTPUT_FORMATS as readonly unknown[]).includes(to)) {
    throw new UsageError(`--to must be one of ${OUTPUT_FORMATS.join(', ')}, got '${String(to)}'`);
  }
}
