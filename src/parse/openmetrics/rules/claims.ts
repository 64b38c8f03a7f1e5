/**
 * The names OpenMetrics families claim (docs/format-rules.md §10, "Clashing names"): each
 * family its own name and its sample names (`x_total`, `x_created` of counter `x`). No
 * family may use a name that another claimed first.
 *
 * Claims are kept by family name, not by every name claimed: a sample name is found again
 * from its suffix (none of the suffixes ends with another, so a name has at most one). A
 * family costs one Map entry and no concatenated key; a Map entry per claimed name, keyed
 * by `family + suffix`, cost 7% of an OpenMetrics parse of a node_exporter scrape.
 */
import { type OmType, SAMPLE_SUFFIXES, SUFFIX_INDEXES, sampleSuffixOf } from './names.js';

/** A family that claimed names. */
export interface Claim {
  family: string;
  type: OmType;
  line: number;
}

/** What is claimed of the names that start with one name (the entry's key). */
interface Entry {
  /** The family named so. */
  own: Claim | undefined;
  /** Per suffix (an index into SAMPLE_SUFFIXES): the family with the sample name key + suffix. */
  samples: (Claim | undefined)[] | undefined;
  /** Per suffix: the family named key + suffix (its `own` claim, found from here too). */
  named: (Claim | undefined)[] | undefined;
}

export class NameClaims {
  private readonly entries = new Map<string, Entry>();

  /** The family that claimed `name` first, if any. */
  claimOf(name: string): Claim | undefined {
    const own = this.entries.get(name)?.own;
    if (own !== undefined) return own;
    const k = sampleSuffixOf(name);
    if (k < 0) return undefined;
    return this.entries.get(name.slice(0, name.length - SAMPLE_SUFFIXES[k].length))?.samples?.[k];
  }

  /**
   * Claims the names of `claim`'s family: its own unless claimed already (its opening
   * reported that), and each sample name, in table order, unless claimed already. Calls
   * `clash` with each sample name another family claimed first, and that family.
   */
  claim(claim: Claim, clash: (name: string, other: Claim) => void): void {
    const name = claim.family;
    const entry = this.entry(name);
    if (this.claimOf(name) === undefined) {
      entry.own = claim;
      const k = sampleSuffixOf(name);
      if (k >= 0) {
        const base = this.entry(name.slice(0, name.length - SAMPLE_SUFFIXES[k].length));
        (base.named ??= [])[k] = claim;
      }
    }
    for (const k of SUFFIX_INDEXES[claim.type]) {
      const other = entry.samples?.[k] ?? entry.named?.[k];
      if (other === undefined) (entry.samples ??= [])[k] = claim;
      else clash(name + SAMPLE_SUFFIXES[k], other);
    }
  }

  private entry(name: string): Entry {
    let entry = this.entries.get(name);
    if (entry === undefined) {
      entry = { own: undefined, samples: undefined, named: undefined };
      this.entries.set(name, entry);
    }
    return entry;
  }
}
