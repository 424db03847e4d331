'use client';

import { errorMessageOf } from '@/lib/api-error';

interface ErrorPanelProps {
  title: string;
  error: unknown;
  onRetry?: () => void;
}

/** A failed query: what could not be loaded, why, and a way to try again. */
export function ErrorPanel({ title, error, onRetry }: ErrorPanelProps) {
  return (
    <div className="panel panel-error" role="alert">
      <strong>{title}</strong>
      <p>{errorMessageOf(error)}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
