import { GraphQLError } from "graphql";
import type { Clock } from "../common/clock.js";
import { ErrorCode } from "../common/errors.js";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Operations per caller per minute, per instance: a token bucket per key (the token's subject, or
 * the client's IP for anonymous callers), refilled continuously. Buckets idle for a while are
 * dropped, so memory follows the active callers, not every caller ever seen.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one operation for `key`, or throws RATE_LIMITED (HTTP 429) with the seconds to wait. */
  take(key: string): void {
    if (this.perMinute <= 0) return;
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.updatedAt) / 60_000) * this.perMinute);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (++this.sweeps % 10_000 === 0) this.sweep(now);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60));
      throw new GraphQLError(`Too many operations: at most ${this.perMinute} a minute; try again in ${retryAfter} s`, {
        extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter, http: { status: 429, headers: new Map([["retry-after", String(retryAfter)]]) } },
      });
    }
    bucket.tokens -= 1;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt > 120_000) this.buckets.delete(key);
  }
}
