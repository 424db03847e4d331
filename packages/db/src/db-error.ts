/**
 * Stable codes for every way the database package refuses work. Callers
 * check `code`, never the message.
 */
export const DB_ERROR_CODES = {
  MIGRATIONS_MISSING: 'the migrations folder holds no migration',
  MIGRATION_EMPTY: 'a migration file holds no SQL statement',
  MIGRATION_TRANSACTION_CONTROL: 'a migration file controls its transaction',
  MIGRATION_CHANGED: 'an applied migration was edited afterwards',
  MIGRATION_UNKNOWN: 'the database holds a migration this code does not',
  MIGRATION_FAILED: 'a migration failed and was rolled back',
  DATABASE_URL_INVALID: 'the database URL cannot be used',
  PASSWORD_HASH_INVALID: 'a stored password hash cannot be read',
} as const;

export type DbErrorCode = keyof typeof DB_ERROR_CODES;

export class DbError extends Error {
  readonly code: DbErrorCode;

  constructor(code: DbErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DbError';
    this.code = code;
  }
}

export function isDbError(value: unknown): value is DbError {
  if (!(value instanceof Error)) return false;

  const code: unknown = (value as Error & { code?: unknown }).code;

  return typeof code === 'string' && code in DB_ERROR_CODES;
}
