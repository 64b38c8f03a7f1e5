/**
 * Go durations (`time.ParseDuration`) for flags such as `--persistence.interval=5m`:
 * a sequence of decimal numbers with units `ns`, `us`/`µs`, `ms`, `s`, `m`, `h`
 * (`1h30m`, `1.5s`, `300ms`), an optional sign, or a bare `0`. Error texts are Go's.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** The longest Go duration, 2562047h47m16.854775807s, in milliseconds. */
const MAX_MS = 9_223_372_036_854.775;

/** Milliseconds, or an error message. */
export function parseGoDuration(text: string): { ms: number } | { error: string } {
  const quoted = JSON.stringify(text);
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return { ms: 0 };
  if (s === '') return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  const part = /^(\d*(?:\.\d*)?)([^\d.]*)/;
  while (s !== '') {
    const m = part.exec(s)!;
    const [whole, number, unit] = m;
    if (number === '' || number === '.') return { error: `time: invalid duration ${quoted}` };
    if (unit === '') return { error: `time: missing unit in duration ${quoted}` };
    const factor = UNIT_MS[unit];
    if (factor === undefined) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(number) * factor;
    s = s.slice(whole.length);
  }
  // Go's durations are int64 nanoseconds: about 292 years at most.
  if (total > MAX_MS) return { error: `time: invalid duration ${quoted}` };
  return { ms: sign * total };
}
