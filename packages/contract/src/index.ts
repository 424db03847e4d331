export { canonicalJson } from './canonical-json';
export {
  CONTRACT_ERROR_CODES,
  ContractError,
  isContractError,
  type ContractErrorCode,
} from './errors';
export { gatewayReportSchema, type GatewayReport } from './report-schema';
export {
  SIGNATURE_CONTEXT,
  hashSnapshotBody,
  signSnapshot,
} from './sign-snapshot';
export {
  generateSigningKey,
  keyIdOf,
  privateKeyToPem,
  publicKeyToPem,
  signingKeyFromPem,
  verifyingKeyFromPem,
  type SigningKey,
  type VerifyingKey,
} from './signing-keys';
export * from './decision-schema';
export * from './edge-schema';
export * from './policy-schema';
export * from './snapshot-schema';
export { snapshotEtag } from './snapshot-etag';
export {
  parseSnapshotBody,
  verifySnapshot,
  type VerifySnapshotOptions,
} from './verify-snapshot';
