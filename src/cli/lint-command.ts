/**
 * `expofmt lint [FILES|-...]`: every syntax error and rule violation of every file, for
 * CI. With `--group` a file is linted as a push to that group (gateway rules); with
 * `--groups` the files are also checked against each other as the groups of one gateway.
 */
import { type Code, isCode } from '../codes.js';
import { type Diagnostic, formatCompact, formatGithub, formatPretty } from '../diagnostics.js';
import type { Labels } from '../model.js';
import { type Group, groupName } from '../merge/group.js';
import { mergeGroups } from '../merge/merge-groups.js';
import { lint } from '../lint.js';
import { parseArgs, UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import { type CliIO, describeReadError, displayName, readInput } from './io.js';
import { parseGroupLabels } from './group-labels.js';
import { listRulesJson, listRulesText } from './list-rules.js';
import { inputDialect } from './output.js';
import { inputFormat } from './read-families.js';

const FORMATS = ['pretty', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];
/** Files above this size, or this many files, show progress on a terminal. */
const PROGRESS_BYTES = 10 * 1024 * 1024;
const PROGRESS_FILES = 20;

const USAGE = `Usage: expofmt lint [FILE|-]... [options]

Reports every syntax error and every rule violation (structure, duplicates, naming
conventions as promtool check metrics) of each file, sorted by file and line.

Options:
  -f, --format FORMAT     pretty (source line and caret), json, or github
                          (annotations for GitHub Actions); default pretty
  -d, --disable CODES     rule codes to skip, comma-separated (e.g. W_NO_HELP)
      --list-rules        print every code with its severity, stage and description,
                          one per line (a JSON array with --format json), and exit
      --max-warnings N    fail when there are more than N warnings
      --strict            fail on any warning
  -g, --group LABELS      lint as a push to this group (job=NAME[,LABEL=VALUE...]):
                          timestamps refused, overridden labels reported
      --groups            check the files against each other as the groups of one
                          gateway (group of each file: --group with job=FILE's name
                          added per file, or job=<file name> when --group is absent)
      --dialect DIALECT   auto (default: OpenMetrics if the file ends with # EOF),
                          prometheus or openmetrics
      --from FORMAT       text (default): the text formats, as --dialect says;
                          protobuf: delimited io.prometheus.client.MetricFamily
                          (LINE is then the message's index)
  -h, --help              show this help

Exit status: 0 clean, 1 errors (or warnings with --strict or over --max-warnings),
2 bad usage or unreadable input.
`;

interface FileReport {
  file: string;
  /** The text, for pretty output's source lines; undefined for protobuf, which has none. */
  source: string | undefined;
  diagnostics: Diagnostic[];
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'report every error and convention violation, for CI',
  usage: USAGE,
  async run(args, io) {
    const { options, positionals } = parseArgs(args, {
      format: { kind: 'string', short: 'f' },
      disable: { kind: 'string', short: 'd' },
      'max-warnings': { kind: 'string' },
      strict: { kind: 'boolean' },
      group: { kind: 'string', short: 'g' },
      groups: { kind: 'boolean' },
      dialect: { kind: 'string' },
      from: { kind: 'string' },
      'list-rules': { kind: 'boolean' },
      help: { kind: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout.write(USAGE);
      return Exit.OK;
    }
    const format = (options.format ?? 'pretty') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be pretty, json or github, got '${String(options.format)}'`);
    if (options['list-rules']) {
      io.stdout.write(format === 'json' ? listRulesJson() : listRulesText());
      return Exit.OK;
    }
    const dialect = inputDialect(options.dialect);
    const from = inputFormat(options.from);
    const maxWarnings = options['max-warnings'] === undefined ? Infinity : Number(options['max-warnings']);
    if (!(maxWarnings >= 0)) throw new UsageError(`--max-warnings must be a number, got '${String(options['max-warnings'])}'`);
    const disable = disabledCodes(options.disable);
    const baseGroup = typeof options.group === 'string' ? parseGroupLabels(options.group, !options.groups) : undefined;
    const files = positionals.length > 0 ? positionals : ['-'];

    const reports: FileReport[] = [];
    const groups: Group[] = [];
    const progress = showProgress(io, files.length);
    for (const [index, file] of files.entries()) {
      let bytes: Uint8Array;
      try {
        bytes = await readInput(file, io);
      } catch (error) {
        io.stderr.write(`expofmt lint: cannot read ${displayName(file)}: ${describeReadError(error)}\n`);
        return Exit.USAGE;
      }
      progress?.(index, file, bytes.length);
      const grouping = options.groups ? groupFor(file, baseGroup) : baseGroup;
      const { families, diagnostics } = await lint(bytes, { disable, grouping, dialect, from });
      if (grouping) groups.push({ labels: grouping, families });
      // Protobuf has no lines to show: its diagnostics print compact.
      reports.push({ file: displayName(file), source: from === 'protobuf' ? undefined : new TextDecoder().decode(bytes), diagnostics });
    }
    progress?.(files.length, '', 0);
    if (options.groups) addGroupFindings(reports, groups, new Set(disable));

    const all = reports.flatMap((r) => r.diagnostics);
    await write(io, format, reports);
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.filter((d) => d.severity === 'warning').length;
    if (format === 'pretty' && all.length > 0) io.stderr.write(`${errors} error(s), ${warnings} warning(s)\n`);
    if (errors > 0 || warnings > maxWarnings || (options.strict && warnings > 0)) return Exit.INVALID;
    return Exit.OK;
  },
};

/** The codes of `--disable`; a misspelt one would silently disable nothing, so it is refused. */
function disabledCodes(value: string | boolean | undefined): Code[] {
  const codes: Code[] = [];
  for (const code of typeof value === 'string' ? value.split(',').filter(Boolean) : []) {
    if (!isCode(code)) throw new UsageError(`--disable: unknown code '${code}' (expofmt lint --list-rules lists every code)`);
    codes.push(code);
  }
  return codes;
}

/** The group of one file in `--groups` mode: the given labels, with job from the file name unless given. */
function groupFor(file: string, base: Labels | undefined): Labels {
  const labels = base ? [...base] : [];
  if (!labels.some((l, i) => i % 2 === 0 && l === 'job')) {
    const name = file === '-' ? 'stdin' : (file.split('/').pop() ?? file).replace(/\.[^.]*$/, '');
    labels.push('job', name);
  }
  return labels;
}

/** Cross-group findings go to the file of the group they name. */
function addGroupFindings(reports: FileReport[], groups: Group[], disabled: Set<string>): void {
  const reportOf = new Map(groups.map((g, i) => [groupName(g.labels), reports[i]]));
  for (const d of mergeGroups(groups).diagnostics) {
    if (disabled.has(d.code)) continue;
    const report = (d.group && reportOf.get(d.group)) || reports[0];
    // A payload's own duplicates were reported by the file's lint already.
    if (report.diagnostics.some((x) => x.code === d.code && x.line === d.line && x.family === d.family)) continue;
    report.diagnostics.push(d);
    report.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

async function write(io: CliIO, format: Format, reports: FileReport[]): Promise<void> {
  if (format === 'json') {
    const rows = reports.flatMap((r) =>
      r.diagnostics.map((d) => {
        const end = (d as { endColumn?: number }).endColumn;
        return {
          file: r.file,
          line: d.line,
          column: d.column,
          ...(end !== undefined ? { endColumn: end } : {}),
          code: d.code,
          severity: d.severity,
          message: d.message,
          ...(d.family !== undefined ? { family: d.family } : {}),
          ...(d.group !== undefined ? { group: d.group } : {}),
        };
      }),
    );
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const color = format === 'pretty' && (io.stdout as { isTTY?: boolean }).isTTY === true;
  for (const r of reports) {
    for (const d of r.diagnostics) {
      if (format === 'github') io.stdout.write(`${formatGithub(d, r.file)}\n`);
      else io.stdout.write(`${paint(d.line > 0 && r.source !== undefined ? formatPretty(d, r.source, r.file) : formatCompact(d, r.file), d, color)}\n`);
    }
  }
}

function paint(text: string, d: Diagnostic, color: boolean): string {
  if (!color) return text;
  const code = d.severity === 'error' ? 31 : d.severity === 'warning' ? 33 : 36;
  const lines = text.split('\n');
  lines[0] = `\x1b[${code}m${lines[0]}\x1b[0m`;
  return lines.join('\n');
}

/** On a terminal, long runs say how far they are. */
function showProgress(io: CliIO, files: number): ((index: number, file: string, bytes: number) => void) | undefined {
  if ((io.stderr as { isTTY?: boolean }).isTTY !== true) return undefined;
  let shown = false;
  return (index, file, bytes) => {
    if (index === files) {
      if (shown) io.stderr.write('\r\x1b[K');
      return;
    }
    if (files >= PROGRESS_FILES || bytes >= PROGRESS_BYTES) {
      shown = true;
      io.stderr.write(`\r\x1b[Klinting ${index + 1}/${files} ${displayName(file)} (${(bytes / 1048576).toFixed(1)} MB)`);
    }
  };
}
