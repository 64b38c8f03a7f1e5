/**
 * What test/e2e/experiments.test.ts expects of the comparison with Pushgateway 1.5.1's
 * experiment output: the measured number of exact matches, and the experiments that differ
 * with the reason (numbers refer to src/gateway/DIFFERENCES.md and the README's
 * "Differences from Pushgateway").
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './support.js';

/**
 * Exact matches measured when this test was written (of 123): 89 before the gateway read
 * protobuf (src/protobuf/), 92 with it (E48, E49 and E53 then match too).
 */
export const MEASURED_MATCHES = existsSync(resolve(repoRoot, 'src/protobuf')) ? 92 : 89;

/** The experiments that differ from Pushgateway 1.5.1, and why. */
export const KNOWN_DIFFERENCES: Record<number, string> = {
  3: 'status API: our flags (push.max-body-bytes, push.max-series, push.ttl, push.enable-ttl; no web.config.file, web.local-assets, web.systemd-socket) and a nodeVersion build field (#10, #21)',
  4: "own families: nodejs_* and prom-client's process_* instead of go_* (#20)",
  31: '`//` in the path is an empty value and the push is stored; Pushgateway answers 301 and loses it (#14)',
  32: '`%2F` is a slash inside the value and the push is stored; Pushgateway answers 301 (#13)',
  33: 'the scrape also shows the groups stored by E31 and E32 (#13, #14)',
  34: 'the scrape also shows the groups stored by E31 and E32 (#13, #14)',
  39: '`/metrics/job/` answers 400 `job name is required`; Pushgateway 307 to /metrics/job (#15)',
  41: 'the job@base64 error shows the value; 1.5.1 shows "" (#16)',
  42: "the route is not locked after E41 (the 1.5.1 mutex bug times out) (#7); the API also lists E31/E32's groups",
  48: "only before protobuf pushes are read: refused with the text parser's message (#12)",
  49: 'only before protobuf pushes are read (#12)',
  50: 'a family named twice in one protobuf body answers 400 (Pushgateway keeps the last one) (#12)',
  52: "garbage with the protobuf content type: our message naming the problem, not Go's `unexpected EOF` (#12)",
  53: 'only before protobuf scrapes: /metrics was text 0.0.4 also when Accept asked for protobuf (#19)',
  54: "the parse error adds a hint after Go's text: `(invalid syntax)` (#26)",
  56: "the parse error adds a hint after Go's text: `(invalid syntax)` (#26)",
  60: 'error text in our wording: `label name "__foo" starts with "__", which is reserved` (#3)',
  62: 'error text in our wording (duplicate series, naming both groups) (#3)',
  68: 'invalid UTF-8 in a label value: `invalid UTF-8 byte sequence` (the parser\'s E_INVALID_UTF8) instead of `invalid label value "\\xff"` (#27)',
  71: 'the parse errors add hints: `(invalid syntax)`, `(unsupported character in float)`, `(value out of range)` (#26)',
  74: 'the parse error adds the hint `(trailing whitespace after the value?)` (#26)',
  80: '`\\"` in HELP is accepted, as by prometheus/common >= 0.56; 1.5.1 (common 0.39) refuses it (#28)',
  83: 'error text in our wording: `family "conflict_metric" is gauge in group {job="tb"} but counter in group {job="ta"}` (#3)',
  89: 'the push to {job=dup,instance=""} is refused without creating that group, so the scrape stays 200 and the store is not jammed (#4, #3)',
  90: 'so the unrelated push is accepted (#5)',
  91: 'error text in our wording (duplicate series, naming both groups) (#3)',
  93: 'no go_* own families: a pushed go_goroutines or go_threads is an ordinary family (#20)',
  94: 'the group `own` has no failure time, since its E93 push was accepted (#20)',
  95: 'a pushed push_failure_time_seconds is ignored (#8)',
  96: 'error text in our wording: `family "sufx_count" of group {job="sb"} collides with the samples of histogram "sufx"` (#3)',
  105: "the UI's HTML is our own, so the script's awk finds no group headers; the same order is checked in ui.test.ts (#29)",
  117: 'with the check disabled, the series that cannot be served together are left out and the page stays 200 (#6)',
  118: 'with the check disabled, a push with timestamps answers 400 at once; Pushgateway 202 (#9)',
  119: 'the parse error adds the hint `(invalid syntax)` (#26)',
};
/** Section blocks that differ: section 13's request counters follow from the different answers above. */
export const KNOWN_SECTION_DIFFERENCES: Record<string, string> = {
  S13: 'request counters: the pushes of E31, E32, E42, E50, E93, E95 (and before protobuf support E48) are answered differently',
};
