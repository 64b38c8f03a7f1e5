/**
 * The groups that have an expiry time, as a binary min-heap keyed by that time, with the
 * position of each group's entry kept by key: setting, moving or removing one group's
 * time costs O(log n), finding what is due costs O(1) when nothing is, so expiry is never
 * a scan of every group. One entry per group: pushing a group again moves its entry.
 */
export class ExpiryQueue {
  private readonly keys: string[] = [];
  private readonly times: number[] = [];
  private readonly positions = new Map<string, number>();

  /** How many groups have an expiry time. */
  get size(): number {
    return this.keys.length;
  }

  /** Sets (undefined: removes) the expiry time of the group with this key. */
  set(key: string, at: number | undefined): void {
    const i = this.positions.get(key);
    if (at === undefined) {
      if (i !== undefined) this.removeAt(i);
      return;
    }
    if (i === undefined) {
      this.keys.push(key);
      this.times.push(at);
      this.positions.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    const was = this.times[i];
    this.times[i] = at;
    if (at < was) this.up(i);
    else this.down(i);
  }

  /** The keys of the groups whose time is at or before `now`, earliest first; they stay queued. */
  due(now: number): string[] {
    const out: string[] = [];
    if (!(this.times[0] <= now)) return out;
    // A walk of the heap that only descends into due entries: O(due), not O(n).
    const stack = [0];
    const found: Array<[number, string]> = [];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (i >= this.keys.length || this.times[i] > now) continue;
      found.push([this.times[i], this.keys[i]]);
      stack.push(2 * i + 1, 2 * i + 2);
    }
    found.sort((a, b) => a[0] - b[0]);
    for (const [, key] of found) out.push(key);
    return out;
  }

  clear(): void {
    this.keys.length = 0;
    this.times.length = 0;
    this.positions.clear();
  }

  private removeAt(i: number): void {
    const last = this.keys.length - 1;
    this.positions.delete(this.keys[i]);
    if (i !== last) {
      this.keys[i] = this.keys[last];
      this.times[i] = this.times[last];
      this.positions.set(this.keys[i], i);
    }
    this.keys.pop();
    this.times.pop();
    if (i < this.keys.length) {
      this.up(i);
      this.down(i);
    }
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= this.times[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.keys.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < n && this.times[left] < this.times[least]) least = left;
      if (right < n && this.times[right] < this.times[least]) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    const key = this.keys[a];
    const time = this.times[a];
    this.keys[a] = this.keys[b];
    this.times[a] = this.times[b];
    this.keys[b] = key;
    this.times[b] = time;
    this.positions.set(this.keys[a], a);
    this.positions.set(this.keys[b], b);
  }
}
