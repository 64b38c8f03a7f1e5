/**
 * `expofmt merge --group job=a[,instance=x] FILE [--group ... FILE]...`: merges payloads
 * as a gateway serves them (grouping labels on every series, `instance=""` when absent,
 * one family per name, canonical order) and prints the page. Groups that are
 * inconsistent with each other fail with the diagnostics and exit status 1.
 */
import { formatCompact } from '../diagnostics.js';
import type { Labels } from '../model.js';
import { type Group, groupName } from '../merge/group.js';
import { mergeGroups } from '../merge/merge-groups.js';
import { UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import { displayName } from './io.js';
import { parseGroupLabels } from './group-labels.js';
import { outputFormat, writeFamilies } from './output.js';
import { readFamilies } from './read-families.js';

const USAGE = `Usage: expofmt merge --group job=NAME[,LABEL=VALUE...] FILE [--group ... FILE]... [--to prometheus|openmetrics]

Merges payloads as a Pushgateway-compatible gateway serves them: each FILE is pushed to
the group named by the --group before it; the page has every grouping label on every
series (instance="" when absent), one family per name, Pushgateway's order, and
push_time_seconds only if --push-time is given.

Options:
  -g, --group LABELS     grouping labels of the next FILE, job required
      --push-time SECS   add push_time_seconds/push_failure_time_seconds with this time
  -t, --to FORMAT        prometheus (default): text format 0.0.4; openmetrics; protobuf
  -h, --help             show this help

Exit status: 0 merged, 1 invalid or inconsistent input (diagnostics on stderr),
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
    const { inputs, to, pushTime } = parseMergeArgs(args);
    const format = outputFormat(to);
    const groups: Group[] = [];
    for (const { labels, file } of inputs) {
      const families = await readFamilies(file, io, 'merge');
      if (typeof families === 'number') return families;
      const group: Group = { labels, families };
      if (pushTime !== undefined) group.pushTimeSeconds = pushTime;
      groups.push(group);
    }
    const { families, diagnostics } = mergeGroups(groups);
    const fileOf = new Map(inputs.map(({ labels, file }) => [groupName(labels), displayName(file)]));
    for (const d of diagnostics) io.stderr.write(`${formatCompact(d, (d.group && fileOf.get(d.group)) || '<merged>')}\n`);
    if (diagnostics.some((d) => d.severity === 'error')) return Exit.INVALID;
    await writeFamilies(families, io, format, { file: '<merged>' });
    return Exit.OK;
  },
};

interface MergeArgs {
  inputs: Array<{ labels: Labels; file: string }>;
  to?: string;
  pushTime?: number;
}

function parseMergeArgs(args: readonly string[]): MergeArgs {
  const result: MergeArgs = { inputs: [] };
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
    else if (flag === '--push-time') {
      const v = value();
      result.pushTime = Number(v);
      if (v.trim() === '' || !Number.isFinite(result.pushTime)) throw new UsageError(`--push-time must be a number of seconds, got '${v}'`);
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option '${flag}'`);
    else {
      if (labels === undefined) throw new UsageError(`FILE ${arg} needs a --group before it`);
      result.inputs.push({ labels, file: arg });
      labels = undefined;
    }
  }
  if (labels !== undefined) throw new UsageError('the last --group has no FILE after it');
  if (result.inputs.length === 0) throw new UsageError('expected at least one --group and FILE');
  return result;
}
