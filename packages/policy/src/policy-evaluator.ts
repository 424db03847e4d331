import { randomUUID } from 'node:crypto';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { hostBuiltins } from '@cellplane/rego/host-builtins';
import type { Bundle } from './bundle';
import { PolicyError } from './policy-error';

/** One evaluation's outcome; only a boolean `true` result allows (K20). */
export interface Decision {
  allow: boolean;
  decisionId: string;
  /** The entrypoint's value, or undefined when it was undefined. */
  result: unknown;
  revision: string;
  durationNs: number;
  /** Set when the evaluation failed; the decision is then a deny. */
  error?: string;
}

/**
 * Evaluates a bundle's `policy.wasm` in-process through the OPA SDK, with
 * the bundle's data loaded once. Not safe for concurrent use across
 * workers; one instance per event loop.
 */
export class PolicyEvaluator {
  private constructor(
    private readonly policy: LoadedPolicy,
    readonly revision: string,
    readonly entrypoints: string[],
  ) {}

  static async load(bundle: Bundle): Promise<PolicyEvaluator> {
    let policy: LoadedPolicy;
    try {
      policy = await loadPolicy(bundle.wasm, undefined, hostBuiltins());
      policy.setData(bundle.data);
    } catch (cause) {
      throw new PolicyError(
        'POLICY_LOAD_FAILED',
        `policy.wasm does not load: ${String(cause)}`,
        {
          cause,
        },
      );
    }
    const entrypoints = Object.keys(
      (policy as unknown as { entrypoints: Record<string, number> })
        .entrypoints,
    );

    return new PolicyEvaluator(policy, bundle.manifest.revision, entrypoints);
  }

  /** Evaluates `input` at `entrypoint`; errors become a deny, never a throw. */
  evaluate(input: unknown, entrypoint: string): Decision {
    const decisionId = randomUUID();
    const start = process.hrtime.bigint();
    const finish = (result: unknown, error?: string): Decision => ({
      allow: error === undefined && result === true,
      decisionId,
      result,
      revision: this.revision,
      durationNs: Number(process.hrtime.bigint() - start),
      ...(error === undefined ? {} : { error }),
    });

    if (!this.entrypoints.includes(entrypoint)) {
      return finish(undefined, `unknown entrypoint ${entrypoint}`);
    }
    try {
      const rs = this.policy.evaluate(input as object, entrypoint) as unknown;
      if (!Array.isArray(rs) || rs.length === 0) return finish(undefined);
      if (rs.length > 1) return finish(undefined, 'several results');
      return finish((rs[0] as { result?: unknown }).result);
    } catch (e) {
      return finish(undefined, e instanceof Error ? e.message : String(e));
    }
  }
}
