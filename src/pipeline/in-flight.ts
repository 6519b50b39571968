/**
 * Operations running (HTTP requests whose handler has not returned, WebSocket queries and
 * mutations): shutdown lets them answer, and commit or roll back whole, before the database closes.
 */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  begin(): void {
    this.count += 1;
  }

  end(): void {
    this.count -= 1;
    if (this.count === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** How many are running now (tests check that nothing is left counted). */
  get running(): number {
    return this.count;
  }

  /** Resolves when none is running, or after `milliseconds` regardless. */
  idle(milliseconds: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, milliseconds);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Runs `work` counted until its promise settles (not merely until a response is sent). */
  async track<T>(work: () => Promise<T> | T): Promise<T> {
    this.begin();
    try {
      return await work();
    } finally {
      this.end();
    }
  }
}
