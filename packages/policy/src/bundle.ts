/** The `.manifest` of an OPA bundle, as `opa build -t wasm` writes it. */
export interface BundleManifest {
  revision: string;
  roots: string[];
  wasm?: { entrypoint: string; module: string }[];
  rego_version?: number;
  metadata?: Record<string, unknown>;
}

/** A bundle in memory: the OPA bundle format's parts. */
export interface Bundle {
  manifest: BundleManifest;
  /** `/policy.wasm`. */
  wasm: Uint8Array;
  /** Base documents merged from every `data.json` of the bundle. */
  data: Record<string, unknown>;
  /** Rego sources carried along, path to text. */
  sources: Record<string, string>;
}

/**
 * A bundle around one compiled module, laid out as `opa build -t wasm`
 * lays it out: every entrypoint in `/policy.wasm`, the whole data tree
 * under the root.
 */
export function assembleBundle(
  wasm: Uint8Array,
  parts: {
    entrypoints: readonly string[];
    revision: string;
    data: Record<string, unknown>;
    sources: Record<string, string>;
  },
): Bundle {
  return {
    manifest: {
      revision: parts.revision,
      roots: [''],
      wasm: parts.entrypoints.map((entrypoint) => ({
        entrypoint,
        module: '/policy.wasm',
      })),
      rego_version: 1,
    },
    wasm,
    data: parts.data,
    sources: parts.sources,
  };
}
