import { z } from 'zod';

export const roleSchema = z.enum(['viewer', 'operator', 'approver', 'admin']);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = {
  viewer: 1,
  operator: 2,
  approver: 3,
  admin: 4,
};

/** Roles are ordered; a role grants everything a lower one does. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}
