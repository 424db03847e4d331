'use client';

import { errorMessageOf } from '@/lib/api-error';

/** The summary line of a failed mutation, announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;

  return (
    <p className="form-error" role="alert">
      {errorMessageOf(error)}
    </p>
  );
}
