'use client';

import { useState, type FormEvent } from 'react';

interface TenantIdFormProps {
  /** The id being shown; the field starts from it. */
  initialId: string;
  onLookup: (tenantId: string) => void;
}

/** The exact-id lookup at the top of the tenants page. */
export function TenantIdForm({ initialId, onLookup }: TenantIdFormProps) {
  const [draft, setDraft] = useState(initialId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onLookup(draft.trim());
  }

  return (
    <form className="card form-inline" onSubmit={submit} role="search">
      <label className="field grow">
        <span>Tenant id</span>
        <input
          name="tenant"
          placeholder="t-00042"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      </label>
      <button type="submit" className="button button-primary">
        Look up
      </button>
    </form>
  );
}
