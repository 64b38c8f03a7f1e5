/**
 * `expofmt merge --group job=a[,instance=x] FILE [--group ... FILE]...`: the page a
 * Pushgateway-compatible gateway serves after these pushes, in order: each FILE is
 * pushed to its group with the gateway's own code (judge-push.ts, the store of
 * merge/group-store.ts): read as the gateway reads a body, timestamps refused, the
 * consistency check, a group pushed twice replaced (PUT) or updated by family (POST).
 * A refused push fails with the diagnostics and exit status 1.
 */
import { formatCompact } from '../diagnostics.js';
import { judgePush } from '../judge-push.js';
import { GroupStore } from '../merge/group-store.js';
import { PUSH_FAILURE_TIME, PUSH_TIME } from '../merge/push-time.js';
import type { Labels } from '../model.js';
import { UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import { gatewayOwnFamilies } from './gateway-own.js';
import { describeReadError, displayName, openOutput, readInput } from './io.js';
import { parseGroupLabels } from './group-labels.js';
import { outputFormat, writeFamilies } from './output.js';
import { noteTerminalStdin, refuseBinaryOnTerminal } from './terminal.js';

const USAGE = `Usage: expofmt merge --group job=NAME[,LABEL=VALUE...] FILE [--group ... FILE]... [--to prometheus|openmetrics|protobuf]

Prints the page a Pushgateway-compatible gateway (expofmt serve) serves after these
pushes, applied in order with the gateway's own code: each FILE is pushed to the group
named by the --group before it, read as the gateway reads a push body (text 0.0.4, an
OpenMetrics file too, unless --content-type is Pushgateway's protobuf type), timestamps
refused, the consistency check on. A group given twice is pushed twice: with PUT (the
default) the second push replaces the first, with POST (--method POST before it) it
replaces the families it names. The page has every grouping label on every series (instance="" when absent), one
family per name, Pushgateway's order, and push_time_seconds only if --push-time is given.

Options:
  -g, --group LABELS       grouping labels of the next FILE, job required
      --method METHOD      PUT (default) or POST: the HTTP method of the pushes after it
      --content-type TYPE  the pushes' Content-Type (default text/plain)
      --push-time SECS     the time of every push; adds push_time_seconds and
                           push_failure_time_seconds to the page
  -t, --to FORMAT          prometheus (default): text format 0.0.4; openmetrics; protobuf
  -o, --output FILE        write the page to FILE (protobuf is refused on a terminal)
  -h, --help               show this help
      --version            print the version

Exit status: 0 merged, 1 a push the gateway refuses (diagnostics on stderr),
2 bad usage or unreadable input.
`;

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge payloads into one page as a gateway serves them',
  usage: USAGE,
  async run(args, io) {
    if (args.includes('-h') || args.includes('--help')) {
      io.stdout.write(USAGE);
      return Exit.OK;
    }
    const { inputs, to, pushTime, contentType, output } = parseMergeArgs(args);
    const format = outputFormat(to);
    if (output === undefined) refuseBinaryOnTerminal(io, format);
    const store = new GroupStore({ reserved: await gatewayOwnFamilies() });
    let refused = false;
    if (inputs.some((i) => i.file === '-')) noteTerminalStdin(io, 'merge');
    for (const { labels, file, method } of inputs) {
      let body: Uint8Array;
      try {
        body = await readInput(file, io);
      } catch (error) {
        io.stderr.write(`expofmt merge: cannot read ${displayName(file)}: ${describeReadError(error)}\n`);
        return Exit.USAGE;
      }
      const verdict = judgePush(store, labels, body, { contentType, replace: method === 'PUT', now: pushTime ?? 0 });
      if (verdict.accepted) continue;
      refused = true;
      const lineOf = new Map(verdict.families.map((f) => [f.name, f.line ?? 0]));
      for (const d of verdict.errors) {
        const line = d.line === 0 && d.family !== undefined ? (lineOf.get(d.family) ?? 0) : d.line;
        io.stderr.write(`${formatCompact({ ...d, line }, displayName(file))}\n`);
      }
    }
    if (refused) return Exit.INVALID;
    const page = store.page().families.filter((f) => pushTime !== undefined || (f.name !== PUSH_TIME && f.name !== PUSH_FAILURE_TIME));
    const out = output === undefined ? { io, close: async () => {} } : await openOutput(io, output);
    await writeFamilies(page, out.io, format, { file: '<merged>' });
    await out.close();
    return Exit.OK;
  },
};

interface MergeArgs {
  inputs: Array<{ labels: Labels; file: string; method: 'PUT' | 'POST' }>;
  to?: string;
  pushTime?: number;
  contentType?: string;
  output?: string;
}

function parseMergeArgs(args: readonly string[]): MergeArgs {
  const result: MergeArgs = { inputs: [] };
  let method: 'PUT' | 'POST' = 'PUT';
  let labels: Labels | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`option '${flag}' needs a value`);
      return v;
    };
    if (flag === '-g' || flag === '--group') labels = parseGroupLabels(value());
    else if (flag === '-t' || flag === '--to') result.to = value();
    else if (flag === '-o' || flag === '--output') result.output = value();
    else if (flag === '--content-type') result.contentType = value();
    else if (flag === '--method') {
      const v = value().toUpperCase();
      if (v !== 'PUT' && v !== 'POST') throw new UsageError(`--method must be PUT or POST, got '${v}'`);
      method = v;
    } else if (flag === '--push-time') {
      const v = value();
      result.pushTime = Number(v);
      if (v.trim() === '' || !Number.isFinite(result.pushTime)) throw new UsageError(`--push-time must be a number of seconds, got '${v}'`);
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option '${flag}'`);
    else {
      if (labels === undefined) throw new UsageError(`FILE ${arg} needs a --group before it`);
      result.inputs.push({ labels, file: arg, method });
      labels = undefined;
    }
  }
  if (labels !== undefined) throw new UsageError('the last --group has no FILE after it');
  if (result.inputs.length === 0) throw new UsageError('expected at least one --group and FILE');
  return result;
}
