import type { PolicySection } from '@cellplane/contract';
import {
  PolicyError,
  PolicyEvaluator,
  readBundle,
  type Bundle,
} from '@cellplane/policy/runtime';
import type { Logger } from '@cellplane/telemetry';

import type { PolicyMetrics } from '../telemetry/policy-metrics';
import type { BundleCache } from './bundle-cache';
import { DecisionCache } from './decision-cache';
import { createInputDocument, createInputProjection } from './input-projection';
import { fetchBundle } from './fetch-bundle';
import type { LoadedPolicy } from './loaded-policy';
import { PolicyLoadError } from './policy-load-error';

export interface PolicyLoaderDeps {
  readonly cache: BundleCache;
  /** Where missing bundles are fetched from; null: the cache only. */
  readonly controlPlane: {
    readonly url: string;
    readonly token: string;
  } | null;
  readonly fetchTimeoutMs: number;
  readonly fetchAttempts: number;
  readonly logger: Logger;
  readonly metrics: PolicyMetrics;
  /**
   * Characters of input text each deterministic policy may remember
   * decisions by (decision-cache.ts); 0 evaluates every request.
   */
  readonly decisionCacheChars: number;
}

/** Inputs longer than this are evaluated every time. */
const MAX_CACHED_INPUT_CHARS = 8_192;

/** Bundles kept in the cache beside the active one. */
const CACHED_BUNDLES = 8;

/**
 * Turns a snapshot's `policy` section into an evaluator, off the request
 * path: the cache, else the control-api; the digest; `readBundle`;
 * `PolicyEvaluator.load`; the entrypoint. An unchanged section reuses the
 * evaluator in service. Any failure throws `PolicyLoadError`, counted in
 * `policy_load_failures_total`; the intake then refuses the snapshot.
 */
export class PolicyLoader {
  constructor(private readonly deps: PolicyLoaderDeps) {}

  async prepare(
    section: PolicySection | undefined,
    previous: LoadedPolicy | null,
  ): Promise<LoadedPolicy | null> {
    if (section === undefined) return null;

    try {
      return await this.load(section, previous);
    } catch (error) {
      const failure =
        error instanceof PolicyLoadError
          ? error
          : new PolicyLoadError('POLICY_BUNDLE_INVALID', String(error), {
              cause: error,
            });
      this.deps.metrics.loadFailures.inc({ code: failure.code });

      throw failure;
    }
  }

  private async load(
    section: PolicySection,
    previous: LoadedPolicy | null,
  ): Promise<LoadedPolicy> {
    const { digest } = section.bundle;

    const evaluator =
      previous !== null && previous.digest === digest
        ? previous.evaluator
        : await this.evaluatorFor(section);

    if (!evaluator.entrypoints.includes(section.entrypoint)) {
      throw new PolicyLoadError(
        'POLICY_ENTRYPOINT_MISSING',
        `${section.entrypoint} is not among ${JSON.stringify(evaluator.entrypoints)}`,
      );
    }

    if (
      previous !== null &&
      previous.evaluator === evaluator &&
      previous.entrypoint === section.entrypoint &&
      previous.revision === section.bundle.revision
    ) {
      return previous;
    }

    const { decisionCacheChars } = this.deps;
    const remembers = evaluator.deterministic && decisionCacheChars > 0;
    const decisionKey = remembers
      ? createInputProjection(evaluator.inputPaths)
      : null;

    return Object.freeze({
      digest,
      revision: section.bundle.revision,
      entrypoint: section.entrypoint,
      evaluator,
      // Per loaded policy: a new bundle, revision or entrypoint starts
      // empty.
      decisions: remembers
        ? new DecisionCache({
            maxChars: decisionCacheChars,
            maxInputChars: MAX_CACHED_INPUT_CHARS,
          })
        : null,
      decisionKey,
      inputDocument: createInputDocument(evaluator.inputPaths),
    });
  }

  private async evaluatorFor(section: PolicySection): Promise<PolicyEvaluator> {
    const { digest, revision } = section.bundle;
    const bytes = await this.bytesOf(section);

    let bundle: Bundle;
    let evaluator: PolicyEvaluator;
    try {
      bundle = readBundle(bytes);
      evaluator = await PolicyEvaluator.load(bundle);
    } catch (error) {
      const detail =
        error instanceof PolicyError
          ? `${error.code}: ${error.message}`
          : String(error);
      throw new PolicyLoadError('POLICY_BUNDLE_INVALID', detail, {
        cause: error,
      });
    }

    // The signed snapshot's revision is the one recorded; a manifest that
    // says otherwise points at a publishing fault worth seeing.
    if (
      bundle.manifest.revision !== '' &&
      bundle.manifest.revision !== revision
    ) {
      this.deps.logger.warn(
        { digest, revision, manifestRevision: bundle.manifest.revision },
        'bundle manifest revision differs from the snapshot',
      );
    }
    this.deps.logger.info(
      { digest, revision, entrypoints: evaluator.entrypoints },
      'policy bundle loaded',
    );

    return evaluator;
  }

  private async bytesOf(section: PolicySection): Promise<Uint8Array> {
    const { cache, controlPlane, logger } = this.deps;
    const { digest, sizeBytes } = section.bundle;

    const cached = await cache
      .read(digest, (path) =>
        logger.warn({ digest, path }, 'cached bundle damaged, removed'),
      )
      .catch((error: unknown) => {
        logger.warn({ err: error, digest }, 'bundle cache unreadable');

        return null;
      });
    if (cached !== null) return cached;

    if (controlPlane === null) {
      throw new PolicyLoadError(
        'POLICY_BUNDLE_UNAVAILABLE',
        `${digest} is not in ${cache.dir} and no control plane is configured`,
      );
    }

    const bytes = await fetchBundle({
      baseUrl: controlPlane.url,
      token: controlPlane.token,
      digest,
      maxBytes: sizeBytes,
      timeoutMs: this.deps.fetchTimeoutMs,
      attempts: this.deps.fetchAttempts,
    });

    // A bundle that cannot be cached still serves; the next boot without
    // the control plane would then not be ready, so it is logged.
    await cache
      .write(digest, bytes)
      .then(() => cache.prune(CACHED_BUNDLES, digest))
      .catch((error: unknown) => {
        logger.error({ err: error, digest }, 'bundle not cached');
      });

    return bytes;
  }
}
