/**
 * Prisma's known request errors carry a stable `code`; match on it rather
 * than on classes so the check holds across package copies.
 */
function prismaCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;

  const code: unknown = (error as { code?: unknown }).code;

  return typeof code === 'string' && code.startsWith('P') ? code : undefined;
}

/** A unique constraint refused the write (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2002';
}

/** The record to update or delete does not exist (P2025). */
export function isRecordMissing(error: unknown): boolean {
  return prismaCode(error) === 'P2025';
}

/** A foreign key refused the write (P2003). */
export function isForeignKeyViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2003';
}
