/**
 * A strict reader of a YAML document, the way Go's `yaml.UnmarshalStrict` reads the
 * exporter toolkit's structs: YAML 1.1, aliases resolved, an unknown field or a value of
 * the wrong type is an error. Every error names the file, line and column, and the field's
 * path (`tls_server_config.cert_file`).
 */
import { type Document, LineCounter, type Node, type Pair, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { parseGoDuration } from '../config/duration.js';
import { WebConfigError } from './web-config-error.js';

/** One `field: value` of a mapping; undefined when the field is absent. */
export type Entry = Pair<Node, Node | null> | undefined;

export class StrictYaml {
  private readonly lines = new LineCounter();
  private readonly doc: Document;

  /** Parses `text` read from `path`; throws `WebConfigError` when it is not YAML. */
  constructor(
    text: string,
    private readonly path: string,
  ) {
    // YAML 1.1, as Go's yaml.v2 reads it (so `yes` is a boolean, not a string).
    this.doc = parseDocument(text, { lineCounter: this.lines, version: '1.1', prettyErrors: false });
    if (this.doc.errors.length > 0) {
      const error = this.doc.errors[0];
      const { line, col } = this.lines.linePos(error.pos[0]);
      throw new WebConfigError(`web config ${path}:${line}:${col}: not valid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    // An alias reads as the node it names (yaml.v2 resolves them too).
    visit(this.doc, { Alias: (_key, alias) => alias.resolve(this.doc) ?? visit.REMOVE });
  }

  get root(): unknown {
    return this.doc.contents;
  }

  fail(node: Node | null | undefined, field: string, problem: string): never {
    const offset = node?.range?.[0];
    let where = this.path;
    if (offset !== undefined) {
      const { line, col } = this.lines.linePos(offset);
      where = `${this.path}:${line}:${col}`;
    }
    throw new WebConfigError(`web config ${where}: ${field === '' ? '' : `${field}: `}${problem}`);
  }

  /** The entries of a mapping by name, each name checked against `known` (undefined: any name); empty when absent. */
  fields(node: unknown, field: string, known: readonly string[] | undefined): Map<string, NonNullable<Entry>> {
    const found = new Map<string, NonNullable<Entry>>();
    if (absent(node)) return found;
    if (!isMap(node)) return this.fail(node as Node, field, `expected a mapping, found ${describe(node)}`);
    for (const pair of node.items as NonNullable<Entry>[]) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string') return this.fail(key, field, `expected a field name, found ${describe(key)}`);
      const name = key.value;
      if (known !== undefined && !known.includes(name)) {
        const path = field === '' ? name : `${field}.${name}`;
        return this.fail(key, path, `unknown field${field === '' ? '' : ` in ${field}`} (known: ${known.join(', ')})`);
      }
      found.set(name, pair);
    }
    return found;
  }

  /** A string, '' when absent; a `secret` one is never quoted back in an error. */
  str(entry: Entry, field: string, secret = false): string {
    const value = entry?.value;
    if (absent(value)) return '';
    if (!isScalar(value) || typeof value.value !== 'string') {
      return this.fail(value, field, `expected a string, found ${secret ? 'something else' : describe(value)}`);
    }
    return value.value;
  }

  bool(entry: Entry, field: string, byDefault: boolean): boolean {
    const value = entry?.value;
    if (absent(value)) return byDefault;
    if (!isScalar(value) || typeof value.value !== 'boolean') return this.fail(value, field, `expected true or false, found ${describe(value)}`);
    return value.value;
  }

  /** A list of strings with their nodes (for errors about one item); undefined when absent. */
  list(entry: Entry, field: string): Array<{ value: string; node: Node }> | undefined {
    const value = entry?.value;
    if (absent(value)) return undefined;
    if (!isSeq(value)) return this.fail(value, field, `expected a list of strings, found ${describe(value)}`);
    return (value.items as Node[]).map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string') return this.fail(item, field, `expected a string, found ${describe(item)}`);
      return { value: item.value, node: item };
    });
  }

  int(entry: Entry, field: string): number {
    const value = entry?.value;
    if (absent(value)) return 0;
    const raw = isScalar(value) ? value.value : undefined;
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) return this.fail(value, field, `expected an integer, found ${describe(value)}`);
    return raw;
  }

  /** A Go duration in milliseconds (`1s`, `500ms`; a bare integer is nanoseconds, as in Go); 0 when absent. */
  durationMs(entry: Entry, field: string): number {
    const value = entry?.value;
    if (absent(value)) return 0;
    const raw = isScalar(value) ? value.value : undefined;
    if (typeof raw === 'number' && Number.isInteger(raw)) return raw / 1e6;
    if (typeof raw !== 'string') return this.fail(value, field, `expected a duration such as 1s, found ${describe(value)}`);
    const parsed = parseGoDuration(raw);
    if ('error' in parsed) return this.fail(value, field, parsed.error);
    return parsed.ms;
  }
}

function absent(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
    return `${typeof v} ${String(v)}`;
  }
  return 'something else';
}
