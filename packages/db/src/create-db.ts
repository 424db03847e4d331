import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

export type Db = PrismaClient;

/**
 * A Prisma client that runs queries through the pg driver adapter: the
 * generator uses `engineType = "client"`, so no native query engine is
 * loaded or downloaded. Call `$disconnect()` to close its pool.
 */
export function createDb(databaseUrl: string): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl });

  return new PrismaClient({ adapter });
}
