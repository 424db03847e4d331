/** A stored decision as the console lists it (the input stays stored). */
export interface DecisionView {
  id: string;
  at: string;
  gatewayId: string;
  requestId: string;
  revision: string;
  entrypoint: string;
  result: 'allow' | 'deny' | 'error';
  reason: string | null;
  inputDigest: string;
  durationUs: number;
  tenantId: string | null;
  cellId: string | null;
  method: string;
  path: string;
}
