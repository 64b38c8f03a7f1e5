/**
 * `expofmt lint [FILES|-...]`: every syntax error and rule violation of every file, for
 * CI. With `--group` a file is linted as a push to that group (gateway rules); with
 * `--groups` the files are also checked against each other as the groups of one gateway.
 */
import { stat } from 'node:fs/promises';
import { CODES, type Code, isCode } from '../codes.js';
import { type Diagnostic, type SourceText, formatCompact, formatGithub, formatPretty, sourceText } from '../diagnostics.js';
import { BINARY_SAMPLE_BYTES, binaryInput } from '../binary-input.js';
import { pushFormat } from '../formats/registry.js';
import { judgePush } from '../judge-push.js';
import { lint } from '../lint.js';
import { type Group, groupName } from '../merge/group.js';
import { GroupStore } from '../merge/group-store.js';
import { mergeGroups } from '../merge/merge-groups.js';
import type { Labels, MetricFamily } from '../model.js';
import type { Dialect } from '../parse/dialect.js';
import { parseProtobuf } from '../protobuf/parse-protobuf.js';
import { writeChunks } from '../render/write-text.js';
import { validate } from '../validate/validate.js';
import { closest } from './closest.js';
import { parseArgs, UsageError } from './args.js';
import { type Command, Exit } from './command.js';
import { gatewayOwnFamilies } from './gateway-own.js';
import { type Input, fileDialect, openInput } from './big-input.js';
import { type CliIO, describeReadError, displayName, readHead, readInput } from './io.js';
import { lintFile, sourceOfLines } from './lint-stream.js';
import { parseGroupLabels } from './group-labels.js';
import { listRulesJson, listRulesText } from './list-rules.js';
import { inputDialect } from './output.js';
import { inputFormat } from './read-families.js';
import { colorChoice, noteTerminalStdin, useColor } from './terminal.js';

const FORMATS = ['pretty', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];
/** Files above this size, or this many files, show progress on a terminal. */
const PROGRESS_BYTES = 10 * 1024 * 1024;
const PROGRESS_FILES = 20;
/** Diagnostics printed per file unless `--max-diagnostics` says otherwise. */
const DEFAULT_MAX_DIAGNOSTICS = 100;

const USAGE = `Usage: expofmt lint [FILE|-]... [options]

Reports every syntax error and every rule violation (structure, duplicates, naming
conventions as promtool check metrics) of each file, sorted by file and line. Binary
input (NUL bytes, or mostly control bytes and invalid UTF-8) gets one E_BINARY_INPUT
error at once. A file that cannot be read is reported, the others are still linted.

Options:
  -f, --format FORMAT     pretty (source line and caret), json, or github
                          (annotations for GitHub Actions); default pretty
  -d, --disable CODES     rule codes to skip, comma-separated (e.g. W_NO_HELP)
      --list-rules        print every code with its severity, stage and description,
                          one per line (a JSON array with --format json), and exit
      --max-diagnostics N print at most N diagnostics per file (default ${DEFAULT_MAX_DIAGNOSTICS};
                          0: all); how many were left out goes to stderr. The exit
                          status counts them all
      --max-warnings N    fail when there are more than N warnings
      --strict            fail on any warning
  -g, --group LABELS      lint as a push to this group (job=NAME[,LABEL=VALUE...]),
                          judged exactly as expofmt serve judges it: the body read as
                          the gateway reads it (text 0.0.4 unless --content-type is
                          Pushgateway's protobuf type; an OpenMetrics file too),
                          timestamps refused, the consistency check. Errors the
                          gateway accepts are shown as warnings
      --content-type TYPE with --group: the push's Content-Type (default text/plain)
      --groups            check the files against each other as the groups of one
                          gateway, pushed in order (group of each file: --group with
                          job=FILE's name added per file, or job=<file name> when
                          --group is absent)
      --dialect DIALECT   auto (default: OpenMetrics if the file ends with # EOF),
                          prometheus or openmetrics; not with --group (the gateway
                          decides by Content-Type)
      --from FORMAT       text (default): the text formats, as --dialect says;
                          protobuf: delimited io.prometheus.client.MetricFamily
                          (LINE is then the message's index); not with --group
      --color WHEN        always, never or auto (default: colour on a terminal,
                          unless NO_COLOR is set)
  -h, --help              show this help
      --version           print the version

Exit status: 0 clean, 1 errors (or warnings with --strict or over --max-warnings),
2 bad usage or an unreadable file.
`;

interface FileReport {
  file: string;
  /** The input as text, made only when an excerpt needs it. */
  source: () => SourceText;
  /** Protobuf has no lines to show: its diagnostics print compact. */
  compact?: boolean;
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
      'max-diagnostics': { kind: 'string' },
      'max-warnings': { kind: 'string' },
      strict: { kind: 'boolean' },
      group: { kind: 'string', short: 'g' },
      groups: { kind: 'boolean' },
      'content-type': { kind: 'string' },
      dialect: { kind: 'string' },
      from: { kind: 'string' },
      color: { kind: 'string' },
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
    const color = useColor(colorChoice(options.color), io.stdout);
    const maxWarnings = count(options['max-warnings'], '--max-warnings', Infinity);
    const maxDiagnostics = count(options['max-diagnostics'], '--max-diagnostics', DEFAULT_MAX_DIAGNOSTICS) || Infinity;
    const disable = disabledCodes(options.disable);
    const baseGroup = typeof options.group === 'string' ? parseGroupLabels(options.group, !options.groups) : undefined;
    const asPush = baseGroup !== undefined || options.groups === true;
    if (asPush && options.dialect !== undefined)
      throw new UsageError('--dialect does not apply to a push (--group, --groups): the gateway reads by --content-type');
    if (!asPush && options['content-type'] !== undefined) throw new UsageError('--content-type applies to a push only: give --group too');
    const dialect = inputDialect(options.dialect);
    const from = inputFormat(options.from);
    if (asPush && options.from !== undefined) throw new UsageError('--from does not apply to a push (--group, --groups): the gateway reads by --content-type');
    const contentType = typeof options['content-type'] === 'string' ? options['content-type'] : undefined;
    const files = positionals.length > 0 ? positionals : ['-'];
    // A push with Pushgateway's protobuf Content-Type is binary by design.
    const binaryPush = asPush && pushFormat(contentType).binary;
    if (files.includes('-')) noteTerminalStdin(io, 'lint');

    const reports: FileReport[] = [];
    const groups: Group[] = [];
    const store = asPush ? new GroupStore({ reserved: await gatewayOwnFamilies() }) : undefined;
    const progress = showProgress(io, files.length);
    let unreadable = false;
    for (const [index, file] of files.entries()) {
      let input: Input;
      try {
        // A binary file is known by its start: not read whole, however large.
        const head = file === '-' || binaryPush || from === 'protobuf' ? undefined : await readHead(file, BINARY_SAMPLE_BYTES);
        const binary = head === undefined ? undefined : binaryInput(head);
        if (binary !== undefined) {
          reports.push({ file: displayName(file), source: () => sourceText(''), diagnostics: [binary] });
          // Reports and groups go in step (addGroupFindings pairs them).
          if (options.groups) groups.push({ labels: groupFor(file, baseGroup), families: [] });
          continue;
        }
        // A push is judged whole, as the gateway holds a push whole; anything else big is streamed.
        input = asPush || from === 'protobuf' ? { bytes: await readInput(file, io) } : await openInput(file, io);
      } catch (error) {
        io.stderr.write(`expofmt lint: cannot read ${displayName(file)}: ${describeReadError(error)}\n`);
        unreadable = true;
        continue;
      }
      try {
        if ('path' in input) {
          progress?.(index, file, (await stat(input.path)).size);
          const streamed = await lintBigFile(input.path, { dialect, disable, shown: format === 'pretty' ? maxDiagnostics : 0 });
          if (streamed !== 'split') {
            reports.push({ file: displayName(file), source: () => streamed.source, diagnostics: streamed.diagnostics });
            continue;
          }
          input = { bytes: await readInput(input.path, io) };
        }
      } finally {
        if ('path' in input) await input.cleanup();
      }
      const bytes = input.bytes;
      progress?.(index, file, bytes.length);
      const grouping = options.groups ? groupFor(file, baseGroup) : baseGroup;
      let result: { families: MetricFamily[]; diagnostics: Diagnostic[] };
      if (store !== undefined && grouping !== undefined) {
        result = await lintPush(store, grouping, bytes, { contentType, disable });
        groups.push({ labels: grouping, families: result.families });
      } else result = await lint(bytes, { disable, dialect, from });
      let source: SourceText | undefined;
      const text = () => (source ??= sourceText(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)));
      reports.push({ file: displayName(file), source: text, diagnostics: result.diagnostics, compact: from === 'protobuf' });
    }
    progress?.(files.length, '', 0);
    if (options.groups) addGroupFindings(reports, groups, new Set(disable));

    const all = reports.flatMap((r) => r.diagnostics);
    await write(io, format, reports, { color, maxDiagnostics });
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.filter((d) => d.severity === 'warning').length;
    if (format === 'pretty' && all.length > 0) io.stderr.write(`${errors} error(s), ${warnings} warning(s)\n`);
    if (unreadable) return Exit.USAGE;
    if (errors > 0 || warnings > maxWarnings || (options.strict && warnings > 0)) return Exit.INVALID;
    return Exit.OK;
  },
};

/** A whole number option, checked. */
function count(value: string | boolean | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number (0 or more), got '${String(value)}'`);
  return Number(value);
}

/**
 * A file linted as a push: the gateway's verdict (judge-push.ts) decides what is an error.
 * Its refusals are errors; the findings it tolerates are warnings when it accepts.
 */
async function lintPush(
  store: GroupStore,
  grouping: Labels,
  bytes: Uint8Array,
  options: { contentType: string | undefined; disable: Code[] },
): Promise<{ families: MetricFamily[]; diagnostics: Diagnostic[] }> {
  const verdict = judgePush(store, grouping, bytes, { contentType: options.contentType });
  const disabled = new Set<string>(options.disable);
  let found: Diagnostic[];
  if (verdict.format === 'protobuf') {
    const parsed = parseProtobuf(bytes, { collectErrors: true });
    found = [...parsed.diagnostics.filter((d) => !disabled.has(d.code)), ...validate(parsed.families, { disable: options.disable, grouping })];
  } else found = (await lint(bytes, { disable: options.disable, grouping, dialect: 'prometheus' })).diagnostics;
  const seen = new Set(found.map((d) => `${d.code} ${d.family ?? ''} ${d.line}`));
  const lineOf = new Map(verdict.families.map((f) => [f.name, f.line ?? 0]));
  // The store's refusals that no rule of the payload found (its consistency check, the
  // reserved group), at their family's line where the store has none.
  for (const refusal of verdict.errors) {
    const d = refusal.line === 0 && refusal.family !== undefined ? { ...refusal, line: lineOf.get(refusal.family) ?? 0 } : refusal;
    if (!seen.has(`${d.code} ${d.family ?? ''} ${d.line}`) && !disabled.has(d.code)) found.push(d);
  }
  found.sort((a, b) => a.line - b.line || a.column - b.column);
  if (!verdict.accepted) return { families: verdict.families, diagnostics: found };
  const tolerated = (d: Diagnostic): Diagnostic =>
    d.severity === 'error' ? { ...d, severity: 'warning', message: `${d.message} (a gateway accepts the push nonetheless)` } : d;
  return { families: verdict.families, diagnostics: found.map(tolerated) };
}

/** The codes of `--disable`; a misspelt one would silently disable nothing, so it is refused. */
function disabledCodes(value: string | boolean | undefined): Code[] {
  const codes: Code[] = [];
  for (const code of typeof value === 'string' ? value.split(',').filter(Boolean) : []) {
    if (!isCode(code)) {
      const near = closest(code, Object.keys(CODES));
      const suggestion = near === undefined ? '' : `; did you mean ${near}?`;
      throw new UsageError(`--disable: unknown code '${code}'${suggestion} (expofmt lint --list-rules lists every code)`);
    }
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

/** Prints the reports, at most `maxDiagnostics` per file; how many were left out goes to stderr. */
async function write(io: CliIO, format: Format, reports: FileReport[], options: { color: boolean; maxDiagnostics: number }): Promise<void> {
  const shown = (r: FileReport) => r.diagnostics.slice(0, options.maxDiagnostics);
  if (format === 'json') {
    const rows = reports.flatMap((r) =>
      shown(r).map((d) => {
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
          ...(d.hint !== undefined ? { hint: d.hint } : {}),
        };
      }),
    );
    await writeChunks(io.stdout, [`${JSON.stringify(rows, null, 2)}\n`]);
  } else {
    // One chunk per diagnostic, written as the stream drains: output of any size in bounded memory.
    await writeChunks(io.stdout, lines(reports, format, options.color, shown));
  }
  for (const r of reports) {
    const left = r.diagnostics.length - shown(r).length;
    if (left > 0) io.stderr.write(`expofmt lint: ${r.file}: ${left} more diagnostic(s) not shown (--max-diagnostics ${options.maxDiagnostics}; 0 shows all)\n`);
  }
}

function* lines(reports: FileReport[], format: Format, color: boolean, shown: (r: FileReport) => Diagnostic[]): Generator<string> {
  for (const r of reports) {
    for (const d of shown(r)) {
      if (format === 'github') {
        yield `${formatGithub(d.hint === undefined ? d : { ...d, message: `${d.message} (hint: ${d.hint})` }, r.file)}\n`;
        continue;
      }
      // A binary input's "line" is noise: its diagnostic says where and what.
      const excerpt = d.line > 0 && d.code !== 'E_BINARY_INPUT' && r.compact !== true;
      yield `${paint(excerpt ? formatPretty(d, r.source(), r.file) : formatCompact(d, r.file), d, color)}\n`;
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

/**
 * A big file linted in passes (lint-stream.ts), with the source lines of the first `shown`
 * diagnostics for their excerpts; `split` when it must be linted whole.
 */
async function lintBigFile(
  path: string,
  options: { dialect: Dialect | 'auto'; disable: Code[]; shown: number },
): Promise<{ diagnostics: Diagnostic[]; source: SourceText } | 'split'> {
  const head = binaryInput(await readHead(path, BINARY_SAMPLE_BYTES));
  if (head !== undefined) return { diagnostics: [head], source: sourceText('') };
  const result = await lintFile(path, { dialect: await fileDialect(path, options.dialect), disable: options.disable });
  if (result === 'split') return result;
  const source = options.shown === 0 ? sourceText('') : await sourceOfLines(path, result.diagnostics.slice(0, options.shown));
  return { diagnostics: result.diagnostics, source };
}
