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
