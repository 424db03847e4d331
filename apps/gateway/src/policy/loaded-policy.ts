import type { PolicyEvaluator } from '@cellplane/policy/runtime';

import type { DecisionCache } from './decision-cache';
import type { InputDocument, InputProjection } from './input-projection';

/**
 * The policy in service with a routing table: the evaluator of the
 * snapshot's bundle and where to evaluate it. Swapped together with the
 * table, so a request never meets one snapshot's routes with another's
 * policy.
 */
export interface LoadedPolicy {
  readonly digest: string;
  /** The snapshot's revision of the bundle: in decisions and metrics. */
  readonly revision: string;
  readonly entrypoint: string;
  readonly evaluator: PolicyEvaluator;
  /** Decisions remembered by input; null when the policy is not deterministic. */
  readonly decisions: DecisionCache | null;
  /**
   * The decision cache's key of a request: the values the policy reads;
   * null when it may read the whole input (the key is then its text).
   */
  readonly decisionKey: InputProjection | null;
  /**
   * The document an evaluation gets: only the fields the policy reads;
   * null when it may read the whole input (it gets the input's text).
   */
  readonly inputDocument: InputDocument | null;
}
