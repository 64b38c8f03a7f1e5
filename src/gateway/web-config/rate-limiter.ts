/**
 * The toolkit's `rate_limit`: a token bucket (Go's `rate.NewLimiter(rate.Every(interval),
 * burst)`): it starts full with `burst` tokens, gains one every `interval`, and a request
 * that finds it empty gets 429.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly intervalMs: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes a token if there is one. */
  allow(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (t - this.last) / this.intervalMs);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
