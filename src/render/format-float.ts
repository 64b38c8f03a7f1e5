/**
 * Numbers exactly as the Go reference writers print them (prometheus/common expfmt
 * `writeFloat` and `writeOpenMetricsFloat`): `strconv.FormatFloat(f, 'g', -1, 64)` behind a
 * few special cases.
 *
 * Go's shortest `%g` takes the shortest digits that round-trip (the digits JavaScript's
 * `toExponential()` gives) and lays them out in exponent form when the decimal exponent is
 * below -4 or at least 6: for the shortest precision strconv fixes that threshold at 6
 * (`eprec = 6` in strconv/ftoa.go `formatDigits`), not at JavaScript's 21. The exponent
 * always has a sign and at least two digits: `1e+06`, `5e-324`. The expected outputs in
 * test/render/go-float-table.json were produced by Go itself.
 */

/** Text format 0.0.4 spelling of a value, `le` or `quantile`. */
export function formatFloat(x: number): string {
  // Whole numbers below 1e6 are the common case, and plain in both languages; -0 is `0`.
  if (Number.isInteger(x) && x < 1e6 && x > -1e6) return x === 0 ? '0' : String(x);
  if (x !== x) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const magnitude = x < 0 ? -x : x;
  // Here both languages write the shortest digits in plain form. A value below 1e6 cannot
  // have shortest digits of 1e6 (that string reads back as 1e6), nor can a value from 1e-4
  // up have digits below 1e-4, so comparing the double is enough.
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(x);
  return goExponentForm(x.toExponential());
}

/** `d.ddde+N` (JavaScript) to `d.ddde+0N` (Go): the exponent gets at least two digits. */
function goExponentForm(js: string): string {
  const e = js.indexOf('e');
  // js[e + 1] is the sign; a single exponent digit needs a leading zero.
  return js.length - e === 3 ? `${js.slice(0, e + 2)}0${js[e + 2]}` : js;
}

/**
 * OpenMetrics spelling (§11 of docs/format-rules.md): the 0.0.4 spelling with `.0`
 * appended when it has neither `.` nor `e`, so `1.0`, `0.0` (also for -0), `100000.0`, but
 * `1e+06`. `NaN`, `+Inf` and `-Inf` are unchanged.
 */
export function formatFloatOpenMetrics(x: number): string {
  const s = formatFloat(x);
  if (x !== x || x === Infinity || x === -Infinity) return s;
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}
