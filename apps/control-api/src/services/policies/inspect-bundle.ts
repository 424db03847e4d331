import { MAX_BUNDLE_BYTES } from '@cellplane/contract';
import { PolicyEvaluator, readBundle } from '@cellplane/policy/runtime';

import { AppError } from '../../errors/app-error';

/** What a bundle holds, once read and loaded like a gateway would. */
export interface InspectedBundle {
  /** The manifest's revision; empty when the bundle was built without one. */
  manifestRevision: string;
  /** The entrypoints the WebAssembly module exports. */
  entrypoints: string[];
  /** Rego sources carried in the bundle, path to text. */
  sources: Record<string, string>;
}

/**
 * Reads a tar.gz bundle and loads its module through the OPA SDK, as
 * every gateway will: a bundle that fails here would be NACKed by the
 * whole fleet, so it is refused before it is stored.
 */
export async function inspectBundle(
  bytes: Uint8Array,
): Promise<InspectedBundle> {
  if (bytes.length > MAX_BUNDLE_BYTES) {
    throw new AppError(
      'POLICY_BUNDLE_TOO_LARGE',
      `bundle of ${bytes.length} bytes over ${MAX_BUNDLE_BYTES}`,
    );
  }

  try {
    const bundle = readBundle(bytes);
    const evaluator = await PolicyEvaluator.load(bundle);

    return {
      manifestRevision: bundle.manifest.revision,
      entrypoints: [...evaluator.entrypoints].sort(),
      sources: bundle.sources,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('POLICY_BUNDLE_INVALID', `bundle refused: ${message}`, {
      cause: error,
      userMessage: `the bundle is not loadable: ${message}`,
    });
  }
}
