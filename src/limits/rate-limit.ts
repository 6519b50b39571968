import { GraphQLError } from "graphql";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ErrorCode } from "../common/errors.js";

/** Whose rate an operation counts against: the token's subject, else the client's address. */
export function rateKeyOf(subject: string | null, address: string | undefined): string {
  return subject === null ? `ip:${address ?? "unknown"}` : `subject:${subject}`;
}

/**
 * Operations per caller per minute (rate-limiter-flexible). With Redis configured the count is
 * kept there, so N instances behind a balancer allow a caller its rate once, not N times; should
 * Redis stop answering, each instance falls back to counting in memory (the insurance limiter)
 * rather than refusing everyone or letting everyone through. Without Redis the count is in memory.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract | null;
  private readonly redis: Redis | null;

  constructor(
    private readonly perMinute: number,
    redisUrl: string | null,
  ) {
    if (perMinute <= 0) {
      this.limiter = null;
      this.redis = null;
      return;
    }
    const memory = new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: "hub-rate" });
    if (!redisUrl) {
      this.limiter = memory;
      this.redis = null;
      return;
    }
    // Offline queueing off: a Redis that is down must not hold operations; the insurance answers.
    this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    this.redis.on("error", () => undefined);
    this.limiter = new RateLimiterRedis({ storeClient: this.redis, points: perMinute, duration: 60, keyPrefix: "hub-rate", rejectIfRedisNotReady: true, insuranceLimiter: memory });
  }

  /**
   * Takes `operations` (each operation of a batch counts) for `key`, or throws RATE_LIMITED (HTTP
   * 429, Retry-After) with the seconds until the caller's minute allows them again.
   */
  async take(key: string, operations = 1): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(key, Math.max(1, operations));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const what = operations > 1 ? `${operations} operations` : "another operation";
      throw new GraphQLError(`Too many operations: at most ${this.perMinute} a minute, and ${what} would pass it; try again in ${retryAfter} s`, {
        extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter, http: { status: 429, headers: new Map([["retry-after", String(retryAfter)]]) } },
      });
    }
  }

  /**
   * Connects to Redis before the instance serves, so its first operations are counted with the
   * other instances' (until Redis is ready, each instance would count in memory alone). A Redis
   * that does not answer is reported and retried in the background; the instance still starts.
   */
  async connect(onUnavailable: (error: unknown) => void): Promise<void> {
    if (!this.redis) return;
    await this.redis.connect().catch(onUnavailable);
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
