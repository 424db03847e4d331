/** Placeholder shown while a query has no data yet. */
export function LoadingPanel({ label }: { label: string }) {
  return (
    <div className="panel panel-muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </div>
  );
}
