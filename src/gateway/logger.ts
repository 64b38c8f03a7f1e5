/**
 * Structured logs for the gateway, one line per event, in go-kit's logfmt
 * (`ts=... level=info msg="..." key=value`) or as JSON objects, filtered by level. The sink
 * is any writable (stderr in production, a buffer in tests).
 */
import type { LogFormat, LogLevel } from './config/flags.js';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export type LogFields = Record<string, string | number | boolean | undefined>;

export class Logger {
  constructor(
    private readonly sink: { write(text: string): unknown },
    private readonly level: LogLevel = 'info',
    private readonly format: LogFormat = 'logfmt',
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  private log(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    const entries: Array<[string, string | number | boolean]> = [
      ['ts', new Date().toISOString()],
      ['level', level],
      ['msg', msg],
    ];
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) entries.push([k, v]);
    if (this.format === 'json') {
      this.sink.write(`${JSON.stringify(Object.fromEntries(entries))}\n`);
    } else {
      this.sink.write(`${entries.map(([k, v]) => `${k}=${logfmtValue(String(v))}`).join(' ')}\n`);
    }
  }
}

/** Bare when it is a plain token, quoted with escapes otherwise (as go-logfmt does). */
function logfmtValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be quoted
  if (value !== '' && !/[\s="\\\u0000-\u001f\u007f]/.test(value)) return value;
  return JSON.stringify(value);
}
