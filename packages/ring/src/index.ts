export { murmur3 } from './murmur3';
export {
  HashRing,
  MAX_RING_POINTS,
  RING_PROBES,
  virtualNodesFor,
} from './hash-ring';
export type { RingLocation } from './hash-ring';
export { Placement } from './placement';
export { planMovement } from './plan-movement';
export type { TenantMovement } from './plan-movement';
export { RingError } from './ring-error';
export type { RingErrorCode } from './ring-error';
export { RING_DEFAULTS } from './types';
export type {
  CellState,
  PlacementCell,
  PlacementExplanation,
  PlacementOverride,
  RingOptions,
  VirtualNode,
} from './types';
