/** Console roles, lowest to highest; each includes the ones before it. */
export const roles = ['viewer', 'operator', 'approver', 'admin'] as const;

export type Role = (typeof roles)[number];

/**
 * Whether `role` may do what `required` may. The console uses it only to
 * disable controls; the control-api checks every call on its own.
 */
export function hasRole(role: string | undefined, required: Role): boolean {
  const rank = roles.indexOf(role as Role);

  return rank >= 0 && rank >= roles.indexOf(required);
}
