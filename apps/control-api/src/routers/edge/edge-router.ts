import { router } from '../../trpc/procedures';
import { addIssuerKeyProcedure } from './add-issuer-key';
import { clearDegradationProcedure } from './clear-degradation';
import { createIssuerProcedure } from './create-issuer';
import { createRouteProcedure } from './create-route';
import { deleteIssuerProcedure } from './delete-issuer';
import { deleteRouteProcedure } from './delete-route';
import { forceDegradationProcedure } from './force-degradation';
import { listForcedDegradationProcedure } from './list-forced-degradation';
import { listIssuersProcedure } from './list-issuers';
import { listRevocationsProcedure } from './list-revocations';
import { listRoutesProcedure } from './list-routes';
import { removeIssuerKeyProcedure } from './remove-issuer-key';
import { revokeTokenProcedure } from './revoke-token';
import { unrevokeTokenProcedure } from './unrevoke-token';
import { updateIssuerProcedure } from './update-issuer';
import { updateRouteProcedure } from './update-route';

/** The edge configuration every gateway receives in the snapshot. */
export const edgeRouter = router({
  issuers: router({
    list: listIssuersProcedure,
    create: createIssuerProcedure,
    update: updateIssuerProcedure,
    delete: deleteIssuerProcedure,
    addKey: addIssuerKeyProcedure,
    removeKey: removeIssuerKeyProcedure,
  }),
  revocations: router({
    list: listRevocationsProcedure,
    revoke: revokeTokenProcedure,
    unrevoke: unrevokeTokenProcedure,
  }),
  routes: router({
    list: listRoutesProcedure,
    create: createRouteProcedure,
    update: updateRouteProcedure,
    delete: deleteRouteProcedure,
  }),
  degradation: router({
    list: listForcedDegradationProcedure,
    force: forceDegradationProcedure,
    clear: clearDegradationProcedure,
  }),
});
