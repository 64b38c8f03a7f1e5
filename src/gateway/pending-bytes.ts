/**
 * A budget of bytes for the push bodies the gateway holds at once (`--push.max-pending-bytes`):
 * bodies being received, and what a gzipped one inflates to. Without it, many uploads
 * stalled just short of the body limit add up to gigabytes.
 */
export class PendingBytes {
  private used = 0;

  /** `limit` 0: no limit. */
  constructor(readonly limit: number) {}

  /** Takes `bytes` from the budget; false (nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (this.limit > 0 && this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }

  get inUse(): number {
    return this.used;
  }
}
