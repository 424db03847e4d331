import type { Db, Prisma } from '@cellplane/db';

export type { Db, Prisma };

/** The client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
