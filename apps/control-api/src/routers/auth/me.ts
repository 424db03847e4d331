import { publicProcedure } from '../../trpc/procedures';
import { meOutput } from './me.schema';

export const meProcedure = publicProcedure
  .output(meOutput)
  .query(({ ctx }) => ctx.user);
