import { auditRouter } from '../routers/audit/audit-router';
import { authRouter } from '../routers/auth/auth-router';
import { cellsRouter } from '../routers/cells/cells-router';
import { decisionsRouter } from '../routers/decisions/decisions-router';
import { edgeRouter } from '../routers/edge/edge-router';
import { gatewaysRouter } from '../routers/gateways/gateways-router';
import { instancesRouter } from '../routers/instances/instances-router';
import { placementRouter } from '../routers/placement/placement-router';
import { policiesRouter } from '../routers/policies/policies-router';
import { regionsRouter } from '../routers/regions/regions-router';
import { snapshotsRouter } from '../routers/snapshots/snapshots-router';
import { tenantsRouter } from '../routers/tenants/tenants-router';
import { router } from './procedures';

export const appRouter = router({
  auth: authRouter,
  regions: regionsRouter,
  cells: cellsRouter,
  instances: instancesRouter,
  tenants: tenantsRouter,
  placement: placementRouter,
  snapshots: snapshotsRouter,
  gateways: gatewaysRouter,
  edge: edgeRouter,
  audit: auditRouter,
  policies: policiesRouter,
  decisions: decisionsRouter,
});

/** The API type the console imports (`@cellplane/control-api/router`). */
export type AppRouter = typeof appRouter;
