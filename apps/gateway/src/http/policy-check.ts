import { randomUUID } from 'node:crypto';

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
      };
    }

    // Serialized once: the evaluation and the decision log read the text.
    const inputJson = policyInputJson(source);
    const decision = policy.evaluator.evaluateJson(
      inputJson,
      policy.entrypoint,
    );
    const result: DecisionResult =
      decision.error !== undefined
        ? 'error'
        : decision.allow
          ? 'allow'
          : 'deny';
    const reason = reasonOf(result, decision.result, decision.error);

    metrics.countDecision(result, decision.durationNs / 1e9);
    decisions?.append({
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
    };
  };
}

export type PolicyGate = ReturnType<typeof createPolicyGate>;

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
