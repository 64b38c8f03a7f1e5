/**
 * `lint` of a file too big to hold (big-input.ts's threshold), in bounded memory: what
 * `lint` finds in a whole input, found in passes over the file. What stays in memory is
 * the diagnostics (about 200 bytes each), the name and type of each family, and the
 * source lines of the diagnostics shown; never the families' series.
 *
 *  1. `parseStream` with every error collected; each family is validated as it completes
 *     (the rules that look at one family), its name and type kept for the rule across
 *     families (a name that is another's `_count`/`_sum`/`_bucket`). A family whose lines
 *     are split by another family's needs every family at once: the caller lints the file
 *     whole instead (`split`).
 *  2. For 0.0.4, the lines with syntax errors are read again, one at a time, and given to
 *     the grammar and the hints, as `lint` does (lint.ts `explainSyntax`).
 *  3. The lines of the diagnostics to be shown are read for their excerpts.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CODES } from '../codes.js';
import { type Code, type Diagnostic, type SourceText, sourceText } from '../diagnostics.js';
import { parseStream } from '../index.js';
import { explainSyntax } from '../lint.js';
import type { MetricFamily } from '../model.js';
import type { Dialect } from '../parse/dialect.js';
import { validate } from '../validate/validate.js';

/** Rules across families: computed at the end from the names and types kept. */
const ACROSS_FAMILIES: readonly Code[] = ['E_NAME_COLLISION', 'W_FAMILY_SPLIT'];

const CODES_BUT_COLLISION = (Object.keys(CODES) as Code[]).filter((code) => code !== 'E_NAME_COLLISION');

export interface StreamedLint {
  /** Sorted by line, then column, as `lint` sorts them. */
  diagnostics: Diagnostic[];
}

export async function lintFile(path: string, options: { dialect: Dialect; disable: readonly Code[] }): Promise<StreamedLint | 'split'> {
  const disabled = new Set<string>(options.disable);
  const syntax: Diagnostic[] = [];
  const found: Diagnostic[] = [];
  const kept = new Map<string, MetricFamily>();
  // The split check indexes lines from 1 on each call: off here (a split hands over to the whole lint).
  const perFamily = { disable: [...options.disable, ...ACROSS_FAMILIES] };
  for await (const family of parseStream(createReadStream(path), {
    dialect: options.dialect,
    collectErrors: true,
    onDiagnostic: (d) => {
      if (!disabled.has(d.code)) syntax.push(d);
    },
  })) {
    if (kept.has(family.name)) return 'split';
    for (const d of validate([family], perFamily)) found.push(d);
    // The name, type and line are all the rule across families reads.
    kept.set(family.name, { name: family.name, type: family.type, line: family.line, metrics: [] } as unknown as MetricFamily);
  }
  if (!disabled.has('E_NAME_COLLISION')) {
    for (const d of validate([...kept.values()], { disable: CODES_BUT_COLLISION })) found.push(d);
  }
  const explained = syntax.length === 0 ? [] : await explainLines(path, syntax, options.dialect === 'prometheus');
  const diagnostics = [...explained.filter((d) => !disabled.has(d.code)), ...found];
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { diagnostics };
}

/** Each line of the file (split at LF only: a CR stays, as the parser sees it) with its number, streamed. */
async function* fileLines(path: string): AsyncGenerator<{ number: number; text: string }> {
  // Lenient and BOM-keeping, as the excerpts of a whole input decode it.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  let number = 0;
  let carry = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const text = carry + decoder.decode(chunk as Uint8Array, { stream: true });
    let start = 0;
    for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', start)) {
      yield { number: ++number, text: text.slice(start, lf) };
      start = lf + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry !== '') yield { number: ++number, text: carry };
}

/** The syntax errors as `lint` words them: the grammar's account and the hints, line by line. */
async function explainLines(path: string, syntax: Diagnostic[], text004: boolean): Promise<Diagnostic[]> {
  const byLine = new Map<number, Diagnostic[]>();
  for (const d of syntax) {
    const list = byLine.get(d.line);
    if (list === undefined) byLine.set(d.line, [d]);
    else list.push(d);
  }
  const endsWithLf = await lastByteIsLf(path);
  const last = Math.max(...byLine.keys());
  const out: Diagnostic[] = [];
  const hints = { crlfShown: false };
  for await (const { number, text } of fileLines(path)) {
    const here = byLine.get(number);
    if (here === undefined) {
      if (number >= last) break;
      continue;
    }
    byLine.delete(number);
    // The line alone, as line 1: explaining costs what the line holds, not where it is.
    const alone = sourceText(number < last || endsWithLf ? `${text}\n` : text);
    for (const d of await explainSyntax(
      here.map((x) => ({ ...x, line: 1 })),
      alone,
      text004,
      hints,
    )) {
      // A byte order mark is only one at the start of the input.
      const bomElsewhere = number !== 1 && d.hint?.startsWith('the input starts with a byte order mark');
      const { hint, ...rest } = d;
      out.push({ ...rest, line: number, ...(hint !== undefined && !bomElsewhere ? { hint } : {}) });
    }
    if (byLine.size === 0) break;
  }
  // Errors past the last line read (an error at the end of the input) keep the parser's wording.
  for (const rest of byLine.values()) out.push(...rest);
  return out;
}

async function lastByteIsLf(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const byte = new Uint8Array(1);
    await handle.read(byte, 0, 1, size - 1);
    return byte[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** The source lines of these diagnostics (and nothing else), read from the file, for their excerpts. */
export async function sourceOfLines(path: string, diagnostics: readonly Diagnostic[]): Promise<SourceText> {
  const wanted = new Set(diagnostics.map((d) => d.line).filter((line) => line > 0));
  const last = Math.max(0, ...wanted);
  let text = '';
  const starts: number[] = [];
  for await (const line of fileLines(path)) {
    if (wanted.has(line.number)) {
      starts[line.number - 1] = text.length;
      text += `${line.text}\n`;
      starts[line.number] = text.length;
    }
    if (line.number >= last) break;
  }
  return { text, starts };
}
