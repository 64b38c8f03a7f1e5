/**
 * Turns scanned OpenMetrics lines into metric families and enforces the format's
 * semantic rules (docs/format-rules.md §10) as the lines come, holding only the current
 * family and the names earlier families claimed:
 *
 * - metadata: before the family's samples, at most one of each, UNIT a suffix of the name
 *   and not on info or stateset;
 * - which family a sample belongs to (the suffix table in rules/names.ts); a
 *   name outside the current family's starts a new `unknown` family;
 * - names: no family may reuse a name another family claims (`Clashing name`), which also
 *   catches interleaved families;
 * - label groups: no interleaving; within a group timestamps all present or all absent,
 *   and not decreasing (info families are one group, as in the reference parser);
 * - points: each (group, timestamp) is one MetricPoint, one model metric; the per-type
 *   rules live in rules/.
 *
 * Counter and info families are named in the model after their samples (`x_total`,
 * `x_info`), as expfmt and Prometheus name them; messages use the OpenMetrics name `x`.
 * Errors of the current line are thrown as OmError; errors found later about earlier
 * lines (a point or family that ended incomplete) go to `report`.
 */
import { type Labels, type Metric, type MetricFamily, metricsOf } from '../../model.js';
import { OmError, OpenMetricsCode as Code } from './codes.js';
import { OmLineKind } from './scanner.js';
import { HistogramPoint, SummaryPoint } from './rules/distribution-points.js';
import { LabelSetIndex } from '../../label-set-hash.js';
import { labelAt, sameLabelsInOrder, withoutPair } from './rules/groups.js';
import { type Claim, NameClaims } from './rules/claims.js';
import { type OmType, Role, modelName, roleOf, sampleNamesText } from './rules/names.js';
import type { Bound, Point } from './rules/point.js';
import { CounterPoint, GaugePoint, SetPoint } from './rules/scalar-points.js';
import { type OmSample, checkValue, parseLe, parseQuantile } from './rules/values.js';

interface FamilyState {
  name: string;
  /** From TYPE; `unknown` once the family has samples or ended without one. */
  type: OmType | undefined;
  helpSeen: boolean;
  typeSeen: boolean;
  unitSeen: boolean;
  line: number;
  column: number;
  family: MetricFamily;
  /** Type final and names claimed. */
  claim: Claim | undefined;
  hasSamples: boolean;
  /** Whether the family's groups are in the builder's `seen` (from its second group on). */
  indexed: boolean;
  group: Labels | undefined;
  groupHash: number;
  groupTs: number | undefined;
  point: Point | undefined;
}

/** A group is its label set. */
const groupLabels = (group: Labels) => group;

/** `# HELP ` and the others: the name starts after 7 ASCII characters. */
const META_NAME_COLUMN = 8;

export class OpenMetricsBuilder {
  /** Whole mode: every family, in input order. */
  readonly families: MetricFamily[] = [];
  private current: FamilyState | undefined;
  private readonly claims = new NameClaims();
  // One-entry cache: consecutive samples usually share the name (the scanner reuses the string).
  private lastName = '';
  private lastRole: Role = Role.Value;
  /**
   * The last line whose name this builder placed: from then on its family's name is a
   * prefix of that name. A line in between that failed may have named anything.
   */
  private lastLine = -1;
  private readonly bound: Bound = { value: 0, text: '', index: 0 };
  /** The current family's label groups, once it has a second one; made on first use. */
  private seen: LabelSetIndex<Labels> | undefined;

  constructor(
    private readonly mode: 'whole' | 'stream',
    private readonly report: (error: OmError) => void,
    private readonly emit: (family: MetricFamily) => void = () => {},
  ) {}

  /** A HELP, TYPE or UNIT line. `nameIndex` is where the name starts in the text. */
  metadata(kind: OmLineKind, name: string, text: string, line: number, nameIndex: number): void {
    let state = this.current;
    if (state === undefined || state.name !== name) {
      state = this.open(name, line, META_NAME_COLUMN, false);
    }
    this.lastLine = line;
    if (state.hasSamples) {
      throw new OmError(
        Code.METADATA_AFTER_SAMPLES,
        `Received metadata after samples: ${name} already has samples; its HELP, TYPE and UNIT come before them, and no two families share a name`,
        nameIndex - 7,
        name,
      );
    }
    const family = state.family;
    if (kind === OmLineKind.Help) {
      if (state.helpSeen) throw duplicate('HELP', name, nameIndex);
      state.helpSeen = true;
      if (text !== '') family.help = text; // an empty HELP counts as absent (spec)
    } else if (kind === OmLineKind.Type) {
      if (state.typeSeen) throw duplicate('TYPE', name, nameIndex);
      state.typeSeen = true;
      const type = text as OmType;
      state.type = family.type = type;
      if (family.unit !== undefined && (type === 'info' || type === 'stateset')) throw unitNotAllowed(name, type, nameIndex);
    } else {
      if (state.unitSeen) throw duplicate('UNIT', name, nameIndex);
      state.unitSeen = true;
      if (text === '') return; // an empty UNIT counts as absent (spec)
      if (!(name.length > text.length && name.endsWith(text) && name.charCodeAt(name.length - text.length - 1) === 0x5f)) {
        throw new OmError(Code.UNIT_MISMATCH, `Unit does not match metric name: ${name} must end in _${text}`, nameIndex, name);
      }
      const type = state.type;
      if (type === 'info' || type === 'stateset') throw unitNotAllowed(name, type, nameIndex);
      family.unit = text;
    }
  }

  sample(s: OmSample, line: number): void {
    let state = this.current;
    let role: Role;
    if (state !== undefined && s.name === this.lastName) {
      role = this.lastRole;
    } else {
      // The line before named this family or one of its samples, so its name starts with
      // the family's: this one does too when it shares at least that much with it.
      const startsWithFamily = line === this.lastLine + 1 && state !== undefined && s.namePrefixShared >= state.name.length;
      const r = state === undefined ? -1 : roleOf(state.name, state.type ?? 'unknown', s.name, startsWithFamily);
      if (r === -1) {
        state = this.open(s.name, line, 1, true);
        role = Role.Value;
      } else {
        role = r;
      }
      this.lastName = s.name;
      this.lastRole = role;
    }
    this.lastLine = line;
    state = state!;
    if (state.claim === undefined) this.seal(state);
    state.hasSamples = true;
    const type = state.type!;
    const name = state.name;
    if (s.exemplar !== undefined && role !== Role.Total && role !== Role.Bucket) {
      throw new OmError(
        Code.EXEMPLAR_NOT_ALLOWED,
        `exemplars are allowed only on counter _total and histogram _bucket samples, not on ${s.name} of ${type} ${name}`,
        s.exemplarIndex,
        name,
      );
    }
    const labels = s.labels;
    let skip = -1; // a pair of `labels` that is no part of the group
    let groupHash = s.labelsHash;
    const bound = this.bound;
    if (role === Role.Bucket || role === Role.Quantile) {
      const isLe = role === Role.Bucket;
      const at = labelAt(labels, isLe ? 'le' : 'quantile');
      if (at < 0) {
        throw isLe
          ? new OmError(Code.MISSING_LE, `Invalid le label: bucket sample ${s.name} has no le label`, s.nameIndex, name)
          : new OmError(Code.MISSING_QUANTILE, `Invalid quantile label: summary sample ${s.name} has no quantile label`, s.nameIndex, name);
      }
      const raw = labels[at + 1];
      const index = s.labelIndexes[at >> 1];
      bound.value = isLe ? parseLe(raw, index, name) : parseQuantile(raw, index, name);
      bound.text = raw;
      bound.index = index;
      groupHash = (groupHash - s.pairHashes[at >> 1]) | 0;
      labels.splice(at, 2); // the scanner hands over a fresh array per line
    } else if (type === 'stateset') {
      skip = labelAt(labels, name);
      if (skip < 0) {
        throw new OmError(Code.STATESET_LABEL_MISSING, `Stateset missing label: ${s.name} needs a label named ${name} holding the state`, s.nameIndex, name);
      }
      bound.text = labels[skip + 1];
      groupHash = (groupHash - s.pairHashes[skip >> 1]) | 0;
    } else if (role !== Role.Value && role !== Role.Total && type !== 'counter') {
      const special = type === 'summary' ? 'quantile' : 'le';
      const at = labelAt(labels, special);
      if (at >= 0) {
        throw new OmError(
          Code.MISPLACED_LABEL,
          `label ${special} belongs only on ${special === 'le' ? '_bucket' : 'quantile'} samples, not on ${s.name}`,
          s.labelIndexes[at >> 1],
          name,
        );
      }
    }
    this.group(state, s, labels, skip, groupHash);
    checkValue(type, role, s, name);
    state.point!.add(s, role, labels, bound, line);
  }

  /** `# EOF`, or the end of the input: the last family is complete. */
  finish(): void {
    const state = this.current;
    if (state === undefined) return;
    this.current = undefined;
    this.lastName = '';
    state.point?.close(this.report);
    if (state.claim === undefined) this.seal(state);
    if (this.mode === 'stream') this.emit(state.family);
  }

  /** Finds the sample's label group; closes the open point when a new one starts. */
  private group(state: FamilyState, s: OmSample, labels: Labels, skip: number, hash: number): void {
    const ts = s.timestamp;
    let same: boolean;
    if (state.type === 'info') {
      // The reference parser cannot tell an info Metric's labels from its point's: one group.
      same = state.group !== undefined;
      if (!same) state.group = labels;
    } else {
      const group = state.group;
      same = group !== undefined && sameLabelsInOrder(group, labels, skip);
      if (group === undefined) {
        // The family's first group has nothing to repeat: it joins the seen groups when a
        // second group starts, and most families (all those of one series) never need it.
        state.group = skip < 0 ? labels : withoutPair(labels, skip);
        state.groupHash = hash;
      } else if (!same) {
        const candidate = skip < 0 ? labels : withoutPair(labels, skip);
        const seen = (this.seen ??= new LabelSetIndex<Labels>(groupLabels));
        if (!state.indexed) {
          state.indexed = true;
          seen.clear();
          seen.findOrAdd(group, state.groupHash);
        }
        const earlier = seen.findOrAdd(candidate, hash);
        if (earlier === undefined) {
          state.group = candidate;
          state.groupHash = hash;
        } else if (earlier === group) {
          same = true; // the current group, its labels in another order
        } else {
          throw new OmError(
            Code.INVALID_GROUPING,
            `Invalid metric grouping: the samples of this label set in ${state.name} were interrupted by another label set`,
            s.nameIndex,
            state.name,
          );
        }
      }
    }
    if (same) {
      const previous = state.groupTs;
      if ((ts === undefined) !== (previous === undefined)) {
        const which = ts === undefined ? 'this sample has no timestamp, the earlier ones do' : 'this sample has a timestamp, the earlier ones do not';
        const index = ts === undefined ? s.valueIndex : s.timestampIndex;
        throw new OmError(Code.TIMESTAMP_PRESENCE, `Mix of timestamp presence within a group: ${which}`, index, state.name);
      }
      if (ts !== undefined && ts < previous! && state.type !== 'info') {
        throw new OmError(Code.TIMESTAMP_BACKWARDS, `Timestamps went backwards within a group: ${ts} after ${previous}`, s.timestampIndex, state.name);
      }
      if (ts === previous) return;
    }
    state.point!.close(this.report);
    state.groupTs = ts;
  }

  /** Ends the current family and starts one named `name`. */
  private open(name: string, line: number, column: number, bySample: boolean): FamilyState {
    const previous = this.current;
    this.finish();
    const family = { name, type: 'unknown', metrics: [] as Metric[], line } as MetricFamily;
    const state: FamilyState = {
      name,
      type: undefined,
      helpSeen: false,
      typeSeen: false,
      unitSeen: false,
      line,
      column,
      family,
      claim: undefined,
      hasSamples: false,
      indexed: false,
      group: undefined,
      groupHash: 0,
      groupTs: undefined,
      point: undefined,
    };
    this.current = state;
    if (this.mode === 'whole') this.families.push(family);
    const claim = this.claims.claimOf(name);
    if (claim !== undefined) {
      let message: string;
      if (bySample && previous?.claim === claim) {
        const samples = sampleNamesText(claim.family, claim.type);
        message = `Clashing name: ${name} is not a sample name of ${claim.type} ${claim.family} (its samples are ${samples})`;
      } else if (claim.family === name) {
        message = `Clashing name: ${name} again after other families (its family began on line ${claim.line}); families must not interleave`;
      } else {
        message = `Clashing name: ${name} is a sample name of ${claim.type} ${claim.family} (line ${claim.line})`;
      }
      this.report(new OmError(Code.CLASHING_NAME, message, 0, name, line, column));
    }
    return state;
  }

  /** Fixes the family's type, claims its names and gives it its point. */
  private seal(state: FamilyState): void {
    const type = (state.type ??= 'unknown');
    const name = state.name;
    const family = state.family;
    family.type = type;
    family.name = modelName(name, type);
    const claim: Claim = { family: name, type, line: state.line };
    state.claim = claim;
    // The family's own name was checked when it opened.
    this.claims.claim(claim, (n, other) => {
      const user = `${other.type} ${other.family} (line ${other.line})`;
      const message = `Clashing name: ${n}, a sample name of ${type} ${name}, is already used by ${user}`;
      this.report(new OmError(Code.CLASHING_NAME, message, 0, name, state.line, state.column));
    });
    const metrics = metricsOf(family);
    switch (type) {
      case 'counter':
        state.point = new CounterPoint(name, metrics);
        break;
      case 'stateset':
      case 'info':
        state.point = new SetPoint(metrics, type === 'stateset');
        break;
      case 'summary':
        state.point = new SummaryPoint(metrics);
        break;
      case 'histogram':
      case 'gaugehistogram':
        state.point = new HistogramPoint(name, type === 'gaugehistogram', metrics);
        break;
      default:
        state.point = new GaugePoint(metrics);
    }
  }
}

function duplicate(what: string, name: string, index: number): OmError {
  return new OmError(Code.DUPLICATE_METADATA, `More than one ${what} for metric ${name}`, index, name);
}

function unitNotAllowed(name: string, type: string, index: number): OmError {
  return new OmError(Code.UNIT_NOT_ALLOWED, `Units not allowed for this metric type: ${name} is ${type === 'info' ? 'an info' : 'a stateset'}`, index, name);
}
