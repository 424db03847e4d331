import type { TokenAlgorithm } from '@cellplane/contract';

/** What an admin sets on an issuer, apart from its keys. */
export interface IssuerSettings {
  issuer: string;
  audiences: string[];
  algorithms: TokenAlgorithm[];
  leewaySeconds: number;
  tenantClaim: string;
}

/** Duplicates removed, order kept: the snapshot lists each once. */
export function normalizedSettings<T extends Partial<IssuerSettings>>(
  settings: T,
): T {
  return {
    ...settings,
    ...(settings.audiences && { audiences: [...new Set(settings.audiences)] }),
    ...(settings.algorithms && {
      algorithms: [...new Set(settings.algorithms)],
    }),
  };
}
