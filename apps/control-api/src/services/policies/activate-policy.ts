import { AppError } from '../../errors/app-error';
import { GLOBAL_POLICY_SCOPE } from '../../publish/read-policy-section';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { getActivePolicy, type ActivePolicyView } from './get-active-policy';

/**
 * Makes a stored bundle the policy every gateway evaluates, at one of its
 * entrypoints, and publishes a snapshot naming it.
 *
 * Admin-only, with an audit row. Issue 3 leaves approval of a policy by
 * someone other than its author to the later rollout flow; until then an
 * admin activates alone.
 */
export async function activatePolicy(
  deps: ServiceDeps,
  actor: Actor,
  input: { digest: string; entrypoint: string },
): Promise<ActivePolicyView> {
  await commitChange(deps, actor, async (tx) => {
    const bundle = await tx.policyBundle.findUnique({
      where: { digest: input.digest },
      select: { digest: true, entrypoints: true },
    });
    if (!bundle) {
      throw new AppError('BUNDLE_NOT_FOUND', `no bundle ${input.digest}`);
    }
    if (!bundle.entrypoints.includes(input.entrypoint)) {
      throw new AppError(
        'POLICY_ENTRYPOINT_MISSING',
        `bundle ${input.digest} has no entrypoint ${input.entrypoint}`,
        {
          userMessage: `the bundle has no entrypoint ${input.entrypoint}; it has ${bundle.entrypoints.join(', ')}`,
        },
      );
    }

    const before = await tx.activePolicy.findUnique({
      where: { scope: GLOBAL_POLICY_SCOPE },
      select: { bundleDigest: true, entrypoint: true },
    });
    const fields = {
      bundleDigest: input.digest,
      entrypoint: input.entrypoint,
      activatedBy: actor.email,
    };
    await tx.activePolicy.upsert({
      where: { scope: GLOBAL_POLICY_SCOPE },
      create: { scope: GLOBAL_POLICY_SCOPE, ...fields },
      update: fields,
    });

    return {
      result: null,
      audit: {
        action: 'policy.activate',
        targetType: 'policy',
        targetId: GLOBAL_POLICY_SCOPE,
        before: before ?? undefined,
        after: { bundleDigest: input.digest, entrypoint: input.entrypoint },
      },
    };
  });

  return (await getActivePolicy(deps))!;
}
