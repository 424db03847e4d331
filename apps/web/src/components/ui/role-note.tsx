import type { Role } from '@/lib/roles';

interface RoleNoteProps {
  allowed: boolean;
  required: Role;
  action: string;
}

/** Says why a control is disabled, instead of leaving a dead button. */
export function RoleNote({ allowed, required, action }: RoleNoteProps) {
  if (allowed) return null;

  return (
    <p className="muted small">
      {action} needs the {required} role.
    </p>
  );
}
