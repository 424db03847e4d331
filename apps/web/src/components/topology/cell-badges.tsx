import { Badge, type BadgeTone } from '@/components/ui/badge';

const stateTones: Record<string, BadgeTone> = {
  active: 'good',
  draining: 'warn',
  failed: 'bad',
};

const healthTones: Record<string, BadgeTone> = {
  up: 'good',
  down: 'bad',
  unknown: 'muted',
};

/** A cell's state: active, draining or failed. */
export function CellStateBadge({ state }: { state: string }) {
  return <Badge tone={stateTones[state] ?? 'muted'}>{state}</Badge>;
}

/** An instance's last health check: up, down or unknown. */
export function HealthBadge({ health }: { health: string }) {
  return <Badge tone={healthTones[health] ?? 'muted'}>{health}</Badge>;
}
