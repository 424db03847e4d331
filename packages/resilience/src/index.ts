export { AddressMatcher } from './address-matcher';
export { CircuitBreaker, CIRCUIT_BREAKER_DEFAULTS } from './circuit-breaker';
export type {
  BreakerSnapshot,
  BreakerState,
  BreakerStateChange,
  CircuitBreakerOptions,
  Permit,
} from './circuit-breaker';
export { clientAddress } from './client-address';
export { monotonicClock } from './clock';
export type { Clock } from './clock';
export { HealthChecker, HEALTH_CHECKER_DEFAULTS } from './health-checker';
export type {
  CellHealth,
  CellHealthState,
  HealthCheckerOptions,
} from './health-checker';
export { parseIp } from './ip-address';
export type { IpAddress } from './ip-address';
export {
  LeastConnectionBalancer,
  LEAST_CONNECTION_DEFAULTS,
} from './least-connection-balancer';
export type {
  BalancedInstance,
  InstanceStats,
  Lease,
  LeastConnectionOptions,
} from './least-connection-balancer';
export { RateLimiter, RATE_LIMITER_DEFAULTS } from './rate-limiter';
export type { RateLimiterOptions } from './rate-limiter';
export { ResilienceError } from './resilience-error';
export type { ResilienceErrorCode } from './resilience-error';
export { RetryBudget, RETRY_BUDGET_DEFAULTS } from './retry-budget';
export type { RetryBudgetOptions, RetryBudgetSnapshot } from './retry-budget';
export { RollingWindow } from './rolling-window';
export { TokenBucket } from './token-bucket';
export type { RateLimitDecision, TokenBucketOptions } from './token-bucket';
