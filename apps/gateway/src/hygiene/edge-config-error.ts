/**
 * Why the edge sections of a snapshot (identity, routes) cannot be built
 * into the structures the request path uses. The snapshot intake refuses
 * the whole snapshot and NACKs it with `code`, keeping the table it has.
 */
export const EDGE_CONFIG_CODES = {
  /** Two routes claim the same prefix for the same method. */
  GW_SNAPSHOT_ROUTES: 'the snapshot has ambiguous routes',
  /** An issuer or key of the identity section cannot be used. */
  GW_SNAPSHOT_IDENTITY: 'the snapshot has an unusable identity section',
  /** The limits section (trusted proxies) cannot be used. */
  GW_SNAPSHOT_LIMITS: 'the snapshot has an unusable limits section',
} as const;

export type EdgeConfigCode = keyof typeof EDGE_CONFIG_CODES;

export class EdgeConfigError extends Error {
  readonly code: EdgeConfigCode;

  constructor(code: EdgeConfigCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EdgeConfigError';
    this.code = code;
  }
}
