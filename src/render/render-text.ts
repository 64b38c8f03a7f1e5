/**
 * Families -> text format 0.0.4, byte for byte as the Go reference writes them
 * (prometheus/common expfmt text_create.go `MetricFamilyToText`; docs/format-rules.md §9).
 *
 * The writer neither validates nor (unless asked) sorts: families, metrics, labels,
 * quantiles and buckets come out in stored order. Types the 0.0.4 format cannot name are
 * written as the nearest one it can, the way client_python's 0.0.4 exposition does:
 * `gaugehistogram` as `histogram` (as Go does), `unknown` as `untyped`, `info` and
 * `stateset` as `gauge`. Names are written as stored; no `_info` or `_total` is added.
 * What 0.0.4 has no place for is left out, as Go's writer does: UNIT, exemplars and
 * OpenMetrics `_created`. An OpenMetrics timestamp in seconds is written in milliseconds.
 *
 * `renderText` builds one string; `renderTextChunks` yields the same text in pieces (one
 * per family, or per `chunkLines` lines of a big family) so a large page never has to
 * exist whole. Joined, the chunks are exactly `renderText`'s result.
 */
import type { HistogramMetric, Metric, MetricFamily, MetricType, ScalarMetric, SummaryMetric } from '../model.js';
import { formatFloat } from './format-float.js';
import { sortFamilies } from '../order.js';
import { type EscapingScheme, escapeFamily } from '../name-escaping.js';
import { escapeHelp, escapeQuoted, isLegacyMetricName, renderName } from './text-escape.js';
import { timestampMillis } from './timestamp.js';

export interface RenderTextOptions {
  /**
   * Sort as client_golang's registry does: families by name, labels by name, metrics by
   * their label values (see src/order.ts). Off by default: Go's writer keeps the order.
   */
  sort?: boolean;
  /** `renderTextChunks`: a chunk ends after the metric that reaches this many lines. Default 1024. */
  chunkLines?: number;
  /**
   * How names that are not legacy-valid are written (src/name-escaping.ts): `allow-utf-8`
   * (the default) quotes them, `{"my.metric",a="x"}`; the other schemes escape them first,
   * as Go's encoder does (after sorting, which is by the names as given).
   */
  escaping?: EscapingScheme;
}

const DEFAULT_CHUNK_LINES = 1024;
/** Chunk size inside `renderText`, in characters: small enough to be flattened while its pieces are in the cache. */
const FLATTEN_CHARS = 32768;
/** Chunks joined into one part of the page: 1M characters, far above V8's large-object size. */
const CHUNKS_PER_PART = 32;

/** The 0.0.4 TYPE word for each model type. */
const TYPE_WORD: Record<MetricType, string> = {
  counter: 'counter',
  gauge: 'gauge',
  summary: 'summary',
  untyped: 'untyped',
  histogram: 'histogram',
  gaugehistogram: 'histogram',
  unknown: 'untyped',
  info: 'gauge',
  stateset: 'gauge',
};

/** The whole exposition as one string. Throws, as Go does, on a family without a name. */
export function renderText(families: readonly MetricFamily[], options: RenderTextOptions = {}): string {
  const parts: string[] = [];
  const chunks: string[] = [];
  let rope = '';
  for (const piece of pieces(families, options.sort === true, Infinity, FLATTEN_CHARS, options.escaping)) {
    rope += piece;
    if (rope.length < FLATTEN_CHARS) continue;
    // Reading a character flattens the rope of small concatenated strings while its pieces
    // are still young garbage, and in the cache. One rope for the whole page would keep
    // millions of pieces alive until the end, and measured 2-3x slower, mostly in the GC.
    rope.charCodeAt(0);
    chunks.push(rope);
    rope = '';
    // Flat chunks kept to the end would be copied from young to old space by the GC: join
    // them into parts big enough to be allocated where the GC never copies them.
    if (chunks.length === CHUNKS_PER_PART) parts.push(chunks.splice(0).join(''));
  }
  chunks.push(rope);
  // The page is left a rope of its parts and of the flat chunks after them: joining them
  // would copy the whole page once more (a third of the time on a 40 MB page, an eighth
  // on a node_exporter scrape) for nothing, since writing a string to a socket or a file
  // reads a rope as it is; V8 flattens it if a caller needs that.
  let page = '';
  for (const part of parts) page += part;
  for (const chunk of chunks) page += chunk;
  return page;
}

/** The exposition in pieces, each ending at a line end. */
export function renderTextChunks(families: readonly MetricFamily[], options: RenderTextOptions = {}): Generator<string> {
  return pieces(families, options.sort === true, options.chunkLines ?? DEFAULT_CHUNK_LINES, Infinity, options.escaping);
}

/** Pieces of the exposition: one per family, or per `maxLines` lines or `maxChars` characters of a big one. */
function* pieces(
  families: readonly MetricFamily[],
  sort: boolean,
  maxLines: number,
  maxChars: number,
  escaping: EscapingScheme = 'allow-utf-8',
): Generator<string> {
  const list = sort ? sortFamilies(families) : families;
  for (const given of list) {
    const family = escapeFamily(given, escaping);
    const writer = new FamilyWriter(family.name);
    let out = writer.header(family);
    let lines = 0;
    for (let i = 0; i < family.metrics.length; i++) {
      // The switch narrows the family, and so the type of its metrics.
      switch (family.type) {
        case 'summary': {
          const metric = family.metrics[i];
          out += writer.summary(metric);
          lines += metric.quantiles.length + 2;
          break;
        }
        case 'histogram':
        case 'gaugehistogram': {
          const metric = family.metrics[i];
          out += writer.histogram(metric);
          lines += metric.buckets.length + 3;
          break;
        }
        default:
          out += writer.scalar(family.metrics[i]);
          lines++;
      }
      if (lines >= maxLines || out.length >= maxChars) {
        yield out;
        out = '';
        lines = 0;
      }
    }
    if (out !== '') yield out;
  }
}

/**
 * One family's text in pieces, for a writer that keeps what did not change (the gateway's
 * scrape): its HELP and TYPE lines, and the lines of each of its series, byte for byte as
 * `renderText` writes them. A series' lines depend on the family's name and type only.
 */
export interface FamilyText {
  readonly header: string;
  series(metric: Metric): string;
  /**
   * For families of one line per series: what follows the series' name and labels on its
   * line (` value timestamp\n`, ASCII). Two series of the same labels differ only there.
   */
  readonly tail?: (metric: Metric) => string;
}

export function familyText(family: MetricFamily): FamilyText {
  const writer = new FamilyWriter(family.name);
  const header = writer.header(family);
  switch (family.type) {
    case 'summary':
      return { header, series: (metric) => writer.summary(metric as SummaryMetric) };
    case 'histogram':
    case 'gaugehistogram':
      return { header, series: (metric) => writer.histogram(metric as HistogramMetric) };
    default:
      return { header, series: (metric) => writer.scalar(metric as ScalarMetric), tail: (metric) => scalarTail(metric as ScalarMetric) };
  }
}

function scalarTail(metric: ScalarMetric): string {
  return ` ${formatFloat(metric.value)}${timestamp(metric)}\n`;
}

/**
 * Writes the lines of one family. The name's spelling is worked out once per family:
 * either `name` outside the braces, or, when it is not legacy-valid, `{"name"` inside them.
 */
class FamilyWriter {
  private readonly name: string;
  private readonly legacy: boolean;

  constructor(name: string) {
    if (name === '') throw new Error('MetricFamily has no name');
    this.name = name;
    this.legacy = isLegacyMetricName(name);
  }

  header(family: MetricFamily): string {
    const name = this.legacy ? this.name : renderName(this.name);
    const type = `# TYPE ${name} ${TYPE_WORD[family.type]}\n`;
    return family.help === undefined ? type : `# HELP ${name} ${escapeHelp(family.help)}\n${type}`;
  }

  scalar(metric: ScalarMetric): string {
    return this.head('', this.labelsText(metric.labels)) + scalarTail(metric);
  }

  summary(metric: SummaryMetric): string {
    const labels = this.labelsText(metric.labels);
    const ts = timestamp(metric);
    let out = '';
    const quantiles = metric.quantiles;
    if (quantiles.length > 0) {
      // Everything up to the quantile's value is the same on each line.
      const open = this.openWithExtra('', labels) + 'quantile="';
      for (let i = 0; i < quantiles.length; i++) {
        const q = quantiles[i];
        out += `${open}${formatFloat(q.quantile)}"} ${formatFloat(q.value)}${ts}\n`;
      }
    }
    out += `${this.head('_sum', labels)} ${formatFloat(metric.sum ?? 0)}${ts}\n`;
    return out + `${this.head('_count', labels)} ${formatFloat(metric.count ?? 0)}${ts}\n`;
  }

  histogram(metric: HistogramMetric): string {
    const labels = this.labelsText(metric.labels);
    const ts = timestamp(metric);
    const open = this.openWithExtra('_bucket', labels) + 'le="';
    let out = '';
    let infSeen = false;
    const buckets = metric.buckets;
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i];
      if (b.le === Infinity) infSeen = true;
      out += `${open}${formatFloat(b.le)}"} ${formatFloat(b.count)}${ts}\n`;
    }
    const count = formatFloat(metric.count ?? 0);
    // Go adds the +Inf bucket a reader needs, with the count as its value.
    if (!infSeen) out += `${open}+Inf"} ${count}${ts}\n`;
    out += `${this.head('_sum', labels)} ${formatFloat(metric.sum ?? 0)}${ts}\n`;
    return out + `${this.head('_count', labels)} ${count}${ts}\n`;
  }

  // The label names of the last metric written, by position, and what goes before each
  // value (`a="`, then `",b="`): the metrics of a family mostly repeat them, often as the
  // very same strings. Fewer, longer pieces also make a shorter rope to flatten.
  private readonly labelNames: string[] = [];
  private readonly openings: string[] = [];

  /** `a="x",b="y"` for the flat label pairs, without braces; '' for none. */
  private labelsText(labels: readonly string[]): string {
    if (labels.length === 0) return '';
    let out = '';
    for (let i = 0; i < labels.length; i += 2) {
      const k = i >> 1;
      const name = labels[i];
      let opening = this.openings[k];
      if (name !== this.labelNames[k]) {
        opening = this.openings[k] = `${k === 0 ? '' : '",'}${renderName(name)}="`;
        this.labelNames[k] = name;
      }
      out += opening;
      out += escapeQuoted(labels[i + 1]);
    }
    return out + '"';
  }

  /** Name + suffix and the label set, up to the blank before the value. No `{}` when empty. */
  private head(suffix: string, labels: string): string {
    if (this.legacy) return labels === '' ? this.name + suffix : `${this.name}${suffix}{${labels}}`;
    const quoted = `{"${escapeQuoted(this.name + suffix)}"`;
    return labels === '' ? `${quoted}}` : `${quoted},${labels}}`;
  }

  /** Like `head`, but open for one more label that goes last (`quantile`, `le`). */
  private openWithExtra(suffix: string, labels: string): string {
    const open = this.legacy ? `${this.name}${suffix}{` : `{"${escapeQuoted(this.name + suffix)}",`;
    return labels === '' ? open : `${open}${labels},`;
  }
}

/** ` <ms>` after the value, or ''. */
function timestamp(metric: Metric): string {
  const ms = timestampMillis(metric);
  return ms === undefined ? '' : ` ${ms}`;
}
