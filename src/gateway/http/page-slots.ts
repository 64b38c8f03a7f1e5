/**
 * At most `--web.max-concurrent-pages` pages (scrapes, the UI's Metrics page,
 * /api/v1/metrics) are written at once; more wait, in arrival order, for a slot. A page
 * being written holds memory a newer page may have replaced (renderings, a snapshot of the
 * groups) for as long as its reader takes, so the number of slots, not the number of
 * clients, is what bounds that memory. A waiting request costs only its socket.
 */
import type { ServerResponse } from 'node:http';
import type { Handler } from './handler.js';
import { sendText } from './http-util.js';

export class PageSlots {
  private free: number;
  private readonly waiting = new Set<() => void>();

  constructor(slots: number) {
    this.free = slots;
  }

  /**
   * `handler` run in a slot. A request still waiting at its deadline gets 503; one whose
   * client went away while waiting is dropped.
   */
  limit(handler: Handler): Handler {
    return async (req, res, path, deadline = Infinity) => {
      const got = await this.acquire(res, deadline);
      if (got === 'gone') return;
      if (got === 'late')
        return sendText(res, 503, 'too many pages are being written at once (--web.max-concurrent-pages); try again later\n', {
          Connection: 'close',
          'Retry-After': '1',
        });
      try {
        await handler(req, res, path, deadline);
      } finally {
        this.release();
      }
    };
  }

  private acquire(res: ServerResponse, deadline: number): Promise<'ok' | 'late' | 'gone'> {
    if (this.free > 0 && this.waiting.size === 0) {
      this.free--;
      return Promise.resolve('ok');
    }
    return new Promise((resolve) => {
      const settle = (outcome: 'ok' | 'late' | 'gone') => {
        this.waiting.delete(take);
        clearTimeout(timer);
        res.off('close', onGone);
        resolve(outcome);
      };
      // Called by `release` with the slot already counted as taken.
      const take = () => settle('ok');
      const onGone = () => settle('gone');
      const timer = deadline === Infinity ? undefined : setTimeout(() => settle('late'), Math.max(0, deadline - performance.now()));
      this.waiting.add(take);
      res.once('close', onGone);
    });
  }

  private release(): void {
    const next = this.waiting.values().next();
    if (next.done) this.free++;
    else next.value();
  }
}
