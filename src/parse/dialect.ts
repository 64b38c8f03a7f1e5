/**
 * Which of the two text dialects an input is in. A caller with a Content-Type knows:
 * `application/openmetrics-text` is OpenMetrics, `text/plain` is 0.0.4. Without one, an
 * input that ends with the `# EOF` line OpenMetrics requires is OpenMetrics.
 */
export type Dialect = 'prometheus' | 'openmetrics';

export interface DialectOptions {
  /** `auto` (the default) decides by `contentType`, else by a final `# EOF` line. */
  dialect?: Dialect | 'auto';
  /** The Content-Type the input came with, for `auto`. */
  contentType?: string;
}

export function dialectOf(contentType: string | undefined): Dialect | undefined {
  const media = contentType?.split(';')[0].trim().toLowerCase();
  if (media === 'application/openmetrics-text') return 'openmetrics';
  if (media === 'text/plain') return 'prometheus';
  return undefined;
}

/** The dialect to parse a whole input with. */
export function chooseDialect(input: string | Uint8Array, options: DialectOptions = {}): Dialect {
  if (options.dialect !== undefined && options.dialect !== 'auto') return options.dialect;
  return dialectOf(options.contentType) ?? (endsWithEof(input) ? 'openmetrics' : 'prometheus');
}

/** A stream cannot be looked at to its end first: without a Content-Type, `auto` is 0.0.4. */
export function chooseStreamDialect(options: DialectOptions = {}): Dialect {
  if (options.dialect !== undefined && options.dialect !== 'auto') return options.dialect;
  return dialectOf(options.contentType) ?? 'prometheus';
}

const EOF = '# EOF';

function endsWithEof(input: string | Uint8Array): boolean {
  let end = input.length;
  const at = (i: number) => (typeof input === 'string' ? input.charCodeAt(i) : input[i]);
  if (end > 0 && at(end - 1) === 0x0a) end--;
  const start = end - EOF.length;
  if (start < 0 || (start > 0 && at(start - 1) !== 0x0a)) return false;
  for (let i = 0; i < EOF.length; i++) if (at(start + i) !== EOF.charCodeAt(i)) return false;
  return true;
}
