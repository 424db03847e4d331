'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { ErrorPanel } from '@/components/ui/error-panel';
import { FieldError } from '@/components/ui/field-error';
import { FormError } from '@/components/ui/form-error';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { RoleNote } from '@/components/ui/role-note';
import { fieldErrorsOf } from '@/lib/api-error';
import type { RouterOutputs } from '@/trpc/router-types';
import { useTRPC } from '@/trpc/trpc-context';

type RouteView = RouterOutputs['edge']['routes']['list'][number];
type Auth = RouteView['auth'];

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

interface Draft {
  id: string;
  pathPrefix: string;
  methods: string;
  auth: Auth;
  timeoutMs: string;
}

const emptyDraft: Draft = {
  id: '',
  pathPrefix: '',
  methods: '',
  auth: 'optional',
  timeoutMs: '1000',
};

function draftOf(route: RouteView): Draft {
  return {
    id: route.id,
    pathPrefix: route.pathPrefix,
    methods: route.methods?.join(', ') ?? '',
    auth: route.auth,
    timeoutMs: String(route.timeoutMs),
  };
}

// Methods as typed ("get, post"); unknown words go to the API, which names
// them, rather than being dropped here.
function methodsOf(text: string) {
  const words = text
    .split(/[\s,]+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());

  return words.length === 0 ? undefined : (words as RouteView['methods']);
}

/**
 * The edge routes, longest prefix wins at the gateway. With no route at
 * all gateways use one implicit `/` route with the token optional; with
 * any, a path no route covers is 404.
 */
export function RouteTable({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const routes = useQuery(trpc.edge.routes.list.queryOptions());
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [editing, setEditing] = useState<string | null>(null);

  const done = async () => {
    setDraft(emptyDraft);
    setEditing(null);
    await queryClient.invalidateQueries(trpc.edge.routes.pathFilter());
  };
  const create = useMutation(
    trpc.edge.routes.create.mutationOptions({ onSuccess: done }),
  );
  const update = useMutation(
    trpc.edge.routes.update.mutationOptions({ onSuccess: done }),
  );
  const remove = useMutation(
    trpc.edge.routes.delete.mutationOptions({ onSuccess: done }),
  );
  const saving = editing ? update : create;
  const errors = fieldErrorsOf(saving.error);

  if (routes.isPending) return <LoadingPanel label="Loading routes" />;
  if (routes.isError) {
    return (
      <ErrorPanel
        title="Could not load routes"
        error={routes.error}
        onRetry={() => void routes.refetch()}
      />
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = {
      pathPrefix: draft.pathPrefix,
      auth: draft.auth,
      timeoutMs: Number(draft.timeoutMs),
    };

    if (editing) {
      update.mutate({
        id: editing,
        ...fields,
        methods: methodsOf(draft.methods) ?? null,
      });
    } else {
      create.mutate({
        id: draft.id.trim(),
        ...fields,
        methods: methodsOf(draft.methods),
      });
    }
  }

  return (
    <section className="card stack-tight" aria-labelledby="routes">
      <h2 id="routes">Routes</h2>
      {routes.data.length === 0 ? (
        <p className="muted">
          No route: gateways use their implicit <span className="mono">/</span>{' '}
          route with the token optional.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Route</th>
                <th>Path prefix</th>
                <th>Methods</th>
                <th>Auth</th>
                <th>Timeout</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {routes.data.map((route) => (
                <tr key={route.id} data-testid={`route-${route.id}`}>
                  <td className="mono">{route.id}</td>
                  <td className="mono">{route.pathPrefix}</td>
                  <td>{route.methods?.join(', ') ?? 'all'}</td>
                  <td>{route.auth}</td>
                  <td>{route.timeoutMs} ms</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-quiet"
                      disabled={!canEdit}
                      onClick={() => {
                        setEditing(route.id);
                        setDraft(draftOf(route));
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button-quiet"
                      disabled={!canEdit || remove.isPending}
                      onClick={() => remove.mutate({ id: route.id })}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormError error={remove.error} />

      <form
        className="form"
        onSubmit={submit}
        noValidate
        aria-label={editing ? `Edit route ${editing}` : 'Add a route'}
      >
        <RoleNote allowed={canEdit} required="admin" action="Changing routes" />
        <fieldset disabled={!canEdit || saving.isPending} className="fieldset">
          <div className="form-row">
            <label className="field field-narrow">
              <span>Route id</span>
              <input
                name="id"
                value={draft.id}
                placeholder="r-admin"
                disabled={editing !== null}
                onChange={(e) => setDraft({ ...draft, id: e.target.value })}
              />
              <FieldError errors={errors} field="id" />
            </label>
            <label className="field">
              <span>Path prefix</span>
              <input
                name="pathPrefix"
                value={draft.pathPrefix}
                placeholder="/admin"
                onChange={(e) =>
                  setDraft({ ...draft, pathPrefix: e.target.value })
                }
                aria-invalid={errors.pathPrefix ? true : undefined}
              />
              <FieldError errors={errors} field="pathPrefix" />
            </label>
            <label className="field">
              <span>Methods</span>
              <input
                name="methods"
                value={draft.methods}
                placeholder={`all, or e.g. ${METHODS.slice(0, 2).join(', ')}`}
                onChange={(e) =>
                  setDraft({ ...draft, methods: e.target.value })
                }
              />
              <FieldError errors={errors} field="methods" />
            </label>
            <label className="field field-narrow">
              <span>Auth</span>
              <select
                name="auth"
                value={draft.auth}
                onChange={(e) =>
                  setDraft({ ...draft, auth: e.target.value as Auth })
                }
              >
                <option value="public">public</option>
                <option value="optional">optional</option>
                <option value="required">required</option>
              </select>
            </label>
            <label className="field field-narrow">
              <span>Timeout (ms)</span>
              <input
                name="timeoutMs"
                inputMode="numeric"
                value={draft.timeoutMs}
                onChange={(e) =>
                  setDraft({ ...draft, timeoutMs: e.target.value })
                }
              />
              <FieldError errors={errors} field="timeoutMs" />
            </label>
          </div>
        </fieldset>
        <FormError error={saving.error} />
        <div className="actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={!canEdit || saving.isPending}
          >
            {editing ? 'Save route' : 'Add route'}
          </button>
          {editing ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setEditing(null);
                setDraft(emptyDraft);
              }}
            >
              Cancel
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
