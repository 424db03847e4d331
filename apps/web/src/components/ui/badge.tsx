import type { ReactNode } from 'react';

export type BadgeTone = 'good' | 'warn' | 'bad' | 'muted' | 'info';

/** A short coloured label for a state, health or source. */
export function Badge({
  tone,
  children,
}: {
  tone: BadgeTone;
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
