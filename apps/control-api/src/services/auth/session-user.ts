import type { Role } from '../../auth/roles';

/** The user as every layer above the services sees it: no password hash. */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

export const sessionUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
} as const;
