/**
 * Changes to the store (push, delete, wipe) take turns: they are applied in arrival order,
 * as Pushgateway's single write queue applies them, and at most `budgetMs` of them run in
 * one turn of the event loop; the rest wait for the next turn. Under a flood of pushes a
 * health check or a scrape's next slice is then answered between two turns, instead of
 * after every push that had arrived (32 pushes of a 100-series group took 100-250 ms of
 * one turn on the 2-core VM, with the collector's share). A change's synchronous part
 * (decoding, checking, applying: what `start` runs before its first await) is what is
 * timed; what it awaits after (a journal write) overlaps the next ones as before.
 */
export class Turns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** `changed` is called after each change was started. */
  constructor(
    private readonly budgetMs: number,
    private readonly changed: () => void = () => {},
  ) {}

  /** Calls `start` in its turn, and resolves to what it returns. */
  run<T>(start: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        try {
          start().then(resolve, reject);
        } catch (error) {
          reject(error);
        }
        this.changed();
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.take());
      }
    });
  }

  private take(): void {
    const started = performance.now();
    let next = this.waiting.shift();
    while (next !== undefined) {
      next();
      if (performance.now() - started >= this.budgetMs) break;
      next = this.waiting.shift();
    }
    if (this.waiting.length > 0) setImmediate(() => this.take());
    else this.scheduled = false;
  }
}
