export {
  CellState,
  OverrideReason,
  Prisma,
  PrismaClient,
  Role,
  TenantTier,
} from '@prisma/client';
export type {
  AuditLog,
  Cell,
  ConfigSnapshot,
  GatewayStatus,
  Instance,
  Override,
  Region,
  Session,
  Tenant,
  User,
} from '@prisma/client';
export { createDb, type Db } from './create-db';
export { databaseName, withDatabase } from './database-url';
export {
  DB_ERROR_CODES,
  DbError,
  isDbError,
  type DbErrorCode,
} from './db-error';
export { ensureDatabase } from './migrate/ensure-database';
export { MIGRATIONS_DIR } from './migrate/migrations-dir';
export {
  runMigrations,
  type RunMigrationsOptions,
  type RunMigrationsResult,
} from './migrate/run-migrations';
export { hashPassword, verifyPassword } from './password-hash';
