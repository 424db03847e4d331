import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

import { AppError } from '../errors/app-error';

export interface SignInThrottleOptions {
  readonly prefix: string;
  /** Failures of one address on one account before that pair is refused. */
  readonly maxFailures: number;
  /** Failures of one address across accounts before it is refused. */
  readonly maxAddressFailures: number;
  /**
   * Failures of one account across every address before it is refused from
   * all of them: the ceiling on guessing when client addresses can be
   * forged (a console reached without a proxy that sets the address).
   */
  readonly maxAccountFailures: number;
  readonly windowMs: number;
}

/** Who is signing in: the account asked for, from which client address. */
export interface SignInAttempt {
  readonly email: string;
  readonly clientAddress: string;
}

/**
 * Counts failed sign-ins in Redis, so every control-api process shares the
 * counts: per (account, client address) pair, and per address across
 * accounts. A guesser locks only their own address, never the account for
 * other addresses, and cannot spread guesses over many accounts either. A
 * much higher count per account across addresses bounds guessing from
 * forged addresses, at the price of a lock anyone can reach by sending
 * that many failures.
 * Each window starts at its first failure and is not extended by later
 * ones, so a lock opens again at a known time. Keys are hashes: Redis holds
 * no emails or client addresses in clear.
 */
export class SignInThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly options: SignInThrottleOptions,
  ) {}

  /** Throws `AUTH_TOO_MANY_ATTEMPTS` while the pair or the address is locked. */
  async check(attempt: SignInAttempt): Promise<void> {
    const { pairKey, addressKey, accountKey } = this.keysOf(attempt);
    const [pair, address, account] = await Promise.all([
      this.countOf(pairKey),
      this.countOf(addressKey),
      this.countOf(accountKey),
    ]);

    if (pair.failures >= this.options.maxFailures) {
      throw tooMany(pair, 'for this account from your address');
    }
    if (address.failures >= this.options.maxAddressFailures) {
      throw tooMany(address, 'from your address');
    }
    if (account.failures >= this.options.maxAccountFailures) {
      throw tooMany(account, 'for this account');
    }
  }

  async recordFailure(attempt: SignInAttempt): Promise<void> {
    const { pairKey, addressKey, accountKey } = this.keysOf(attempt);
    const windowMs = this.options.windowMs;

    await this.redis
      .multi()
      .set(pairKey, 0, 'PX', windowMs, 'NX')
      .incr(pairKey)
      .set(addressKey, 0, 'PX', windowMs, 'NX')
      .incr(addressKey)
      .set(accountKey, 0, 'PX', windowMs, 'NX')
      .incr(accountKey)
      .exec();
  }

  /**
   * Forgets the pair's failures after a right password. The address count
   * stays: signing in to one's own account must not reset a spray.
   */
  async clear(attempt: SignInAttempt): Promise<void> {
    await this.redis.del(this.keysOf(attempt).pairKey);
  }

  private async countOf(key: string): Promise<WindowCount> {
    const [failures, ttlMs] = await Promise.all([
      this.redis.get(key),
      this.redis.pttl(key),
    ]);

    return { failures: Number(failures ?? 0), ttlMs };
  }

  private keysOf(attempt: SignInAttempt) {
    const address = attempt.clientAddress;
    const email = attempt.email.toLowerCase();
    const base = `${this.options.prefix}:sign-in-failures`;

    return {
      pairKey: `${base}:pair:${digestOf(`${email}\n${address}`)}`,
      addressKey: `${base}:address:${digestOf(address)}`,
      accountKey: `${base}:account:${digestOf(email)}`,
    };
  }
}

interface WindowCount {
  readonly failures: number;
  readonly ttlMs: number;
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function tooMany(count: WindowCount, scope: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(count.ttlMs / 1000));

  return new AppError(
    'AUTH_TOO_MANY_ATTEMPTS',
    `sign-in refused: ${count.failures} failures ${scope} within the window`,
    {
      userMessage:
        `too many failed sign-ins ${scope}; ` +
        `try again in ${retryAfterSeconds} s`,
    },
  );
}
