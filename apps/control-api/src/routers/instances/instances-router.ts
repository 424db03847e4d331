import { router } from '../../trpc/procedures';
import { createInstanceProcedure } from './create-instance';
import { removeInstanceProcedure } from './remove-instance';

export const instancesRouter = router({
  create: createInstanceProcedure,
  remove: removeInstanceProcedure,
});
