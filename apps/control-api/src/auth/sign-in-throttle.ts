import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

import { AppError } from '../errors/app-error';

export interface SignInThrottleOptions {
  readonly prefix: string;
  readonly maxFailures: number;
  readonly windowMs: number;
}

/**
 * Counts failed sign-ins per account in Redis, so every control-api
 * process shares the count. The window starts at the first failure and is
 * not extended by later ones, so a locked account opens again at a known
 * time. Accounts are keyed by a hash of the email: Redis holds no
 * addresses in clear.
 */
export class SignInThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly options: SignInThrottleOptions,
  ) {}

  /** Throws `AUTH_TOO_MANY_ATTEMPTS` while the account is locked. */
  async check(email: string): Promise<void> {
    const key = this.keyOf(email);
    const [failures, ttl] = await Promise.all([
      this.redis.get(key),
      this.redis.pttl(key),
    ]);

    if (Number(failures ?? 0) >= this.options.maxFailures) {
      const retryAfterSeconds = Math.max(1, Math.ceil(ttl / 1000));
      throw new AppError(
        'AUTH_TOO_MANY_ATTEMPTS',
        `sign-in refused: ${failures} failures within the window`,
        {
          userMessage:
            'too many failed sign-ins for this account; ' +
            `try again in ${retryAfterSeconds} s`,
        },
      );
    }
  }

  async recordFailure(email: string): Promise<void> {
    const key = this.keyOf(email);

    await this.redis
      .multi()
      .set(key, 0, 'PX', this.options.windowMs, 'NX')
      .incr(key)
      .exec();
  }

  async clear(email: string): Promise<void> {
    await this.redis.del(this.keyOf(email));
  }

  private keyOf(email: string): string {
    const digest = createHash('sha256')
      .update(email.toLowerCase())
      .digest('hex');

    return `${this.options.prefix}:sign-in-failures:${digest}`;
  }
}
