import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import {
  CIRCUIT_BREAKER_DEFAULTS,
  RetryBudget,
  type RateLimitDecision,
} from '@cellplane/resilience';
import type { Logger } from '@cellplane/telemetry';

import { inClusterWorker } from '../cluster/cluster-metrics';
import { ProbeSlots } from '../cluster/probe-slots';
import type { GatewayConfig } from '../config/gateway-config';
import type { DecisionLog } from '../decisions/decision-log';
import { GatewayError } from '../errors/gateway-error';
import type { GatewayErrorCode } from '../errors/gateway-error-codes';
import { correlationOf } from '../hygiene/correlation';
import type { EdgeRefusal } from '../hygiene/edge-refusal';
import { checkFraming } from '../hygiene/framing';
import { normalizeRequest } from '../hygiene/normalize-request';
import { upstreamRequestHeaders } from '../hygiene/owned-headers';
import { clientOf, peerOf } from '../hygiene/peer-of';
import { resolveIdentity } from '../identity/resolve-identity';
import {
  FORCED_SURVIVAL_RETRY_AFTER_SECONDS,
  type Degradation,
  type DegradationLevel,
} from '../protection/degradation';
import type { InstanceHealth } from '../protection/instance-health';
import type { RateLimits } from '../protection/rate-limits';
import type { StaleCache } from '../protection/stale-cache';
import { createAccessLog } from '../proxy/access-log';
import { DeadlineQueue } from '../proxy/deadline-queue';
import { IDEMPOTENT_METHODS } from '../proxy/idempotent-methods';
import {
  ProxyExchange,
  type ExchangeRequest,
  type ExchangeServices,
  type RequestTrace,
} from '../proxy/proxy-exchange';
import type { UpstreamPools } from '../proxy/upstream-pools';
import type { InstanceBalancer } from '../routing/instance-balancer';
import { resolveCell } from '../routing/resolve-cell';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import type { PolicyGate } from './policy-check';
import { sendError } from './send-error';

export interface ProxyHandlerDeps {
  readonly config: GatewayConfig;
  readonly store: SnapshotStore;
  readonly balancer: InstanceBalancer;
  readonly pools: UpstreamPools;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly limits: RateLimits;
  readonly health: InstanceHealth;
  readonly degradation: Degradation;
  readonly stale: StaleCache;
  readonly policy: PolicyGate;
  /**
   * Where decisions are logged: each is written before its request goes
   * upstream or is answered.
   */
  readonly decisionLog: Pick<
    DecisionLog,
    'ensureWritten' | 'whenWritten'
  > | null;
}

/** Methods that only read, served while a cell is `limited`. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refused early, before the request is worth anything. */
class Refused {
  constructor(
    readonly code: GatewayErrorCode,
    readonly reason: string,
    readonly headers?: Readonly<Record<string, string>>,
  ) {}
}

/**
 * The request path of the gateway, in this order (docs/request-hygiene.md):
 * framing, one normalization, client address and its rate limit, route,
 * identity, tenant and its rate limit, policy, cell and its degradation
 * level, instance (health, breaker, least connection), then the upstream
 * request built from the normalized method and path and the gateway's own
 * headers. Nothing after normalization reads `req.url`, the host or an
 * identity header again. The table is read once, so one snapshot serves
 * the whole request even if another is applied meanwhile.
 */
export function createProxyHandler(deps: ProxyHandlerDeps) {
  const {
    config,
    store,
    balancer,
    pools,
    metrics,
    logger,
    limits,
    health,
    degradation,
    stale,
    policy,
    decisionLog,
  } = deps;
  const record = createAccessLog(logger, metrics);
  const services: ExchangeServices = {
    balancer,
    pools,
    retries: new RetryBudget(),
    stale,
    deadlines: new DeadlineQueue(() => performance.now()),
    // Half-open probes are the whole gateway's under node:cluster (K10).
    probeSlots: inClusterWorker()
      ? new ProbeSlots(
          config.breaker.probeIntervalMs,
          CIRCUIT_BREAKER_DEFAULTS.probeTimeoutMs,
        )
      : null,
    // An exchange starts after its decision's write: nothing to write here.
    answerError: (error, request) =>
      answerError(error, request.res, request.own, request.trace),
  };

  return function proxy(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    const trace: RequestTrace = {};
    const table = store.current;
    const peer = peerOf(req.socket, table?.trustedProxies ?? null);
    const peerTrusted = peer.trusted;
    const correlation = correlationOf(req.headers, peerTrusted);
    const own: Record<string, string> = {
      'x-request-id': correlation.requestId,
    };

    let exchange: ProxyExchange | null = null;
    let decisionSeq = 0;
    // `on`, not `once`: a response closes once, and `once` wraps each call.
    res.on('close', () => {
      exchange?.clientClosed();
      record(req, res, own, trace, startedAt);
    });

    try {
      const framing = checkFraming(req);
      if (framing !== null) throw refusal(framing);

      const normalized = normalizeRequest(
        req.method,
        req.url,
        req.headers.host,
      );
      if (!normalized.ok) throw refusal(normalized);
      trace.path = normalized.path;

      if (table === null) throw new Refused('GW_NO_SNAPSHOT', 'no snapshot');
      trace.snapshotVersion = table.version;
      own['x-config-version'] = String(table.version);

      // Before any signature check, so a flood of bad tokens from one
      // address is bounded by its limit (K09: the address is the nearest
      // one not in the trusted list).
      const client = clientOf(
        peer,
        req.headers['x-forwarded-for'],
        table.trustedProxies,
      );
      const perClient = limits.checkClient(client, startedAt);
      if (perClient !== null && !perClient.allowed) {
        throw rateLimited(perClient, 'client address');
      }

      const route = table.routes.match(normalized);
      if (!route.ok) throw refusal(route);
      trace.routeId = route.routeId;

      const identity = resolveIdentity(route.auth, req.headers, table.verifier);
      if (!identity.ok) throw refusal(identity);
      trace.tenantId = identity.tenantId;

      const cell = resolveCell(table, identity.tenantId);
      const perTenant = limits.checkTenant(
        identity.tenantId,
        table.tiers.get(identity.tenantId),
        startedAt,
      );
      if (perTenant !== null && !perTenant.allowed) {
        throw rateLimited(perTenant, 'tenant');
      }

      // Policy sees the values computed above, nothing re-read (K01-K04).
      const verdict = policy(
        table.policy,
        {
          method: normalized.method,
          path: normalized.path,
          segments: normalized.segments,
          rawQuery: normalized.rawQuery,
          rawHeaders: req.rawHeaders,
          peerTrusted,
          tenantId: identity.tenantId,
          user: identity.user,
          routeId: route.routeId,
          routeAuth: route.auth,
          cellId: cell.id,
          regionId: cell.regionId,
          clientAddress: client,
        },
        correlation.requestId,
      );
      if (verdict !== null) {
        own['x-decision-id'] = verdict.decisionId;
        decisionSeq = verdict.logSeq;
        if (!verdict.allowed) {
          throw new Refused('GW_POLICY_DENIED', verdict.reason);
        }
      }

      trace.cellId = cell.id;
      own['x-cell'] = cell.id;
      const level = guardCell(cell.id, normalized.method, startedAt);

      const target =
        normalized.rawQuery === ''
          ? normalized.path
          : `${normalized.path}?${normalized.rawQuery}`;
      const headers = upstreamRequestHeaders(req.rawHeaders, {
        requestId: correlation.requestId,
        traceparent: correlation.traceparent,
        tracestate: correlation.tracestate,
        tenantId: identity.tenantId,
        user: identity.user,
        cellId: cell.id,
        configVersion: table.version,
        peerAddress: peer.address,
        peerTrusted,
        clientAddress: client,
        host: normalized.host,
        proto: 'http',
      });
      const withBody =
        req.headers['content-length'] !== undefined ||
        req.headers['transfer-encoding'] !== undefined;
      const request: ExchangeRequest = {
        req,
        res,
        cell,
        level,
        tenantId: identity.tenantId,
        userSub: identity.user?.sub ?? null,
        method: normalized.method,
        target,
        headers,
        withBody,
        retryable: IDEMPOTENT_METHODS.has(normalized.method) && !withBody,
        timeoutMs: route.timeoutMs ?? config.upstream.totalTimeoutMs,
        own,
        trace,
        arrivedAt: startedAt,
      };
      exchange = new ProxyExchange(services, request);
      // Nothing reaches a cell before its decision is on disk: a worker
      // killed meanwhile has made no decision that had an effect.
      if (decisionLog !== null && decisionSeq > 0) {
        decisionLog.whenWritten(decisionSeq, exchange);
      } else {
        exchange.start();
      }
    } catch (caught) {
      // The decision that led here reaches the disk before its answer.
      decisionLog?.ensureWritten(decisionSeq);
      answerError(caught, res, own, trace);
    }
  };

  /** Refuses by the cell's health and degradation level (K11). */
  function guardCell(
    cellId: string,
    method: string,
    now: number,
  ): DegradationLevel {
    const level = degradation.levelOf(cellId, now);
    if (level === 'survival') {
      const cellHealth = health.cellHealth(cellId);
      const fromChecks =
        cellHealth !== null &&
        cellHealth.state === 'failed' &&
        cellHealth.unhealthy.length > 0 &&
        Number.isFinite(cellHealth.retryAfterMs);
      const seconds = degradation.isForced(cellId)
        ? Math.max(
            FORCED_SURVIVAL_RETRY_AFTER_SECONDS,
            config.retryAfterSeconds,
          )
        : fromChecks
          ? Math.max(1, Math.ceil(cellHealth.retryAfterMs / 1000))
          : config.retryAfterSeconds;
      throw new Refused('GW_CELL_UNAVAILABLE', `cell ${cellId} in survival`, {
        'retry-after': String(seconds),
      });
    }
    if (level === 'limited' && !READS.has(method)) {
      throw new Refused('GW_DEGRADED', `cell ${cellId} limited to reads`);
    }

    return level;
  }

  function answerError(
    caught: unknown,
    res: ServerResponse,
    own: Record<string, string>,
    trace: RequestTrace,
  ): void {
    if (caught instanceof Refused) {
      trace.code = caught.code;
      trace.reason = caught.reason;
      sendError(
        res,
        caught.code,
        own,
        caught.headers,
        config.retryAfterSeconds,
      );

      return;
    }

    const error =
      caught instanceof GatewayError
        ? caught
        : new GatewayError('GW_INTERNAL', 'request handling failed', {
            cause: caught,
          });
    trace.code = error.code;
    if (error.status >= 500) {
      logger.warn(
        { requestId: own['x-request-id'], ...trace, err: error },
        'request failed',
      );
    }
    sendError(res, error.code, own, error.headers, config.retryAfterSeconds);
  }
}

function refusal(refused: EdgeRefusal): Refused {
  return new Refused(refused.code, refused.reason, refused.headers);
}

/**
 * 429 with `retry-after` and the `RateLimit-Limit`, `RateLimit-Remaining`
 * and `RateLimit-Reset` fields (IETF httpapi draft, the three-field form
 * most clients read); reset and retry-after in whole seconds, rounded up.
 */
function rateLimited(decision: RateLimitDecision, scope: string): Refused {
  return new Refused('GW_RATE_LIMITED', `${scope} rate limit`, {
    'retry-after': String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))),
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(Math.max(1, Math.ceil(decision.resetMs / 1000))),
  });
}
