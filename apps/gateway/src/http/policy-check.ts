import { randomUUID } from 'node:crypto';

import type { Decision } from '@cellplane/policy/runtime';

import type { DecisionLog } from '../decisions/decision-log';
import type { LoadedPolicy } from '../policy/loaded-policy';
import {
  buildPolicyInput,
  policyInputJson,
  type PolicyInput,
  type PolicyInputSource,
} from '../policy/policy-input';
import type {
  DecisionResult,
  PolicyMetrics,
} from '../telemetry/policy-metrics';

export type { PolicyInput, PolicyInputSource };

/**
 * An in-process decision for embedders and tests, used only while the
 * snapshot carries no `policy` section; true allows. Its decisions get an
 * id but no decision log record (there is no bundle revision to record).
 */
export type PolicyCheck = (input: PolicyInput) => boolean;

/** One request's decision; `reason` says why it was not allowed. */
export interface PolicyVerdict {
  readonly allowed: boolean;
  readonly decisionId: string;
  readonly reason: string;
  /**
   * The decision's sequence in the decision log (0: not logged), which the
   * request waits for before it goes upstream or is answered.
   */
  readonly logSeq: number;
}

export interface PolicyGateDeps {
  readonly metrics: PolicyMetrics;
  readonly decisions: DecisionLog | null;
  readonly local: PolicyCheck | null;
}

/**
 * The policy step of the request path: builds the input once from what the
 * gateway computed, evaluates the snapshot's bundle at its entrypoint,
 * counts and logs the decision. Only a boolean `true` allows; undefined,
 * any other value and evaluation errors deny (K20). Returns null when
 * there is nothing to evaluate (no policy section, no local check).
 */
export function createPolicyGate(deps: PolicyGateDeps) {
  const { metrics, decisions, local } = deps;

  return function decide(
    policy: LoadedPolicy | null,
    source: PolicyInputSource,
    requestId: string,
  ): PolicyVerdict | null {
    if (policy === null) {
      if (local === null) return null;
      const allowed = local(buildPolicyInput(source)) === true;

      return {
        allowed,
        decisionId: randomUUID(),
        reason: allowed ? 'allowed' : 'local check denied',
        logSeq: 0,
      };
    }

    // Serialized once: the evaluation and the decision log read the text,
    // the cache its key (the values the policy reads, or the text).
    const inputJson = policyInputJson(source);
    const { decision, remembered } = evaluate(policy, inputJson, source);
    const result: DecisionResult =
      decision.error !== undefined
        ? 'error'
        : decision.allow
          ? 'allow'
          : 'deny';
    const reason = reasonOf(result, decision.result, decision.error);

    metrics.countDecision(
      result,
      remembered ? null : decision.durationNs / 1e9,
    );
    const logSeq = decisions?.append({
      id: decision.decisionId,
      atMs: Date.now(),
      requestId,
      revision: policy.revision,
      entrypoint: policy.entrypoint,
      result,
      // One shape for every entry: no object spread per decision.
      reason: result === 'allow' ? undefined : reason,
      inputJson,
      tenantId: source.tenantId,
      cellId: source.cellId,
      method: source.method,
      path: source.path,
      durationUs: decision.durationNs / 1000,
    });

    return {
      allowed: result === 'allow',
      decisionId: decision.decisionId,
      reason,
      logSeq: logSeq ?? 0,
    };
  };
}

export type PolicyGate = ReturnType<typeof createPolicyGate>;

/** What a decision needs from the evaluation or from the cache. */
interface Evaluated {
  readonly decision: Pick<
    Decision,
    'allow' | 'decisionId' | 'result' | 'durationNs' | 'error'
  >;
  /** Answered from the cache: no evaluation ran. */
  readonly remembered: boolean;
}

/**
 * The policy's answer for `inputJson`: remembered when the policy is
 * deterministic and an input with the same key (the values the policy
 * reads, or the whole text) was answered before (its duration is then
 * the lookup's), else evaluated and offered to the cache, which keeps
 * only true, false and undefined; an evaluation error is not offered.
 */
function evaluate(
  policy: LoadedPolicy,
  inputJson: string,
  source: PolicyInputSource,
): Evaluated {
  const cache = policy.decisions;
  if (cache === null) {
    return { decision: run(policy, inputJson, source), remembered: false };
  }

  const start = process.hrtime.bigint();
  const key = policy.decisionKey?.(source) ?? inputJson;
  const cached = cache.get(key);
  if (cached !== undefined) {
    return {
      decision: {
        allow: cached.result === true,
        decisionId: randomUUID(),
        result: cached.result,
        durationNs: Number(process.hrtime.bigint() - start),
      },
      remembered: true,
    };
  }

  const decision = run(policy, inputJson, source);
  if (decision.error === undefined) cache.offer(key, decision.result);

  return { decision, remembered: false };
}

/**
 * One evaluation: on the fields the policy reads when its module says
 * which (the module then parses a fraction of the input), else on the
 * whole input's text, which the decision log keeps either way.
 */
function run(
  policy: LoadedPolicy,
  inputJson: string,
  source: PolicyInputSource,
): Decision {
  const { evaluator, entrypoint, inputDocument } = policy;

  return inputDocument === null
    ? evaluator.evaluateJson(inputJson, entrypoint)
    : evaluator.evaluate(inputDocument(source), entrypoint);
}

function reasonOf(
  result: DecisionResult,
  value: unknown,
  error: string | undefined,
): string {
  if (result === 'allow') return 'allowed';
  if (result === 'error') return `evaluation error: ${error ?? 'unknown'}`;
  if (value === undefined) return 'undefined result';
  if (value === false) return 'false';

  return `non-boolean result (${value === null ? 'null' : typeof value})`;
}
