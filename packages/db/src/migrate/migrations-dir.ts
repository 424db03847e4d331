import { fileURLToPath } from 'node:url';

/** The committed migrations: `<repo>/prisma/migrations/<name>/migration.sql`. */
export const MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../../prisma/migrations', import.meta.url),
);
