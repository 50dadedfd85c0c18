import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { PlatformServices } from "../../../core/kernel/services";
import type { WebForm } from "../entities/web-form.entity";

const HOUR_S = 3600;

/**
 * Submissions per form and client address per hour, counted in Redis so every API process shares
 * the count. While Redis is down each process counts in memory instead (rate-limiter-flexible's
 * insurance limiter): neither closed, which would turn away every real prospect during an outage
 * (a lost lead costs more than some spam, and the honeypot and the signed token still filter
 * robots), nor wide open, which would let one address flood the tenant's leads.
 */
export class WebFormRateLimit {
  /** One limiter per hourly allowance; forms share them, keyed by form and address. */
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(private readonly services: PlatformServices) {}

  /** Seconds until the address may submit the form again; 0 when this submission may go ahead. */
  async retryAfter(form: Pick<WebForm, "id" | "rateLimitPerHour">, address: string): Promise<number> {
    try {
      await this.limiterFor(form.rateLimitPerHour).consume(`${form.id}:${address}`);
      return 0;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
  }

  private limiterFor(points: number): RateLimiterRedis {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.services.redis,
        keyPrefix: `${this.services.config.REDIS_PREFIX}:sfa:web-form`,
        points,
        duration: HOUR_S,
        insuranceLimiter: new RateLimiterMemory({ points, duration: HOUR_S }),
      });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}
