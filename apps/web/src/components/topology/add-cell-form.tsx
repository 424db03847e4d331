'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { FieldError } from '@/components/ui/field-error';
import { FormError } from '@/components/ui/form-error';
import { RoleNote } from '@/components/ui/role-note';
import { fieldErrorsOf } from '@/lib/api-error';
import type { RouterOutputs } from '@/trpc/router-types';
import { useTRPC } from '@/trpc/trpc-context';

interface InstanceRow {
  id: string;
  url: string;
}

interface AddCellFormProps {
  regions: RouterOutputs['regions']['list'];
  allowed: boolean;
}

const emptyRow: InstanceRow = { id: '', url: '' };

// An empty input becomes NaN, which JSON sends as null, so the API's
// validation (not a second copy of its rules here) names the field.
function toNumber(text: string): number {
  const trimmed = text.trim();

  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** Adds a cell, with its first instances, through `cells.create`. */
export function AddCellForm({ regions, allowed }: AddCellFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [id, setId] = useState('');
  const [regionId, setRegionId] = useState(regions[0]?.id ?? '');
  const [capacity, setCapacity] = useState('10000');
  const [weight, setWeight] = useState('1');
  const [instances, setInstances] = useState<InstanceRow[]>([emptyRow]);
  const [created, setCreated] = useState<string | null>(null);

  const create = useMutation(
    trpc.cells.create.mutationOptions({
      onSuccess: async (_cell, input) => {
        setCreated(input.id);
        setId('');
        setInstances([emptyRow]);
        await queryClient.invalidateQueries(trpc.cells.pathFilter());
        await queryClient.invalidateQueries(trpc.placement.pathFilter());
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);

  function updateRow(index: number, patch: Partial<InstanceRow>) {
    setInstances((rows) =>
      rows.map((row, i) => (i === index ? { ...row, ...patch } : row)),
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);

    const filled = instances.filter((row) => row.id || row.url);
    create.mutate({
      id: id.trim(),
      regionId,
      capacityRps: toNumber(capacity),
      weight: weight.trim() === '' ? undefined : toNumber(weight),
      instances: filled.map((row) => ({
        id: row.id.trim(),
        url: row.url.trim(),
      })),
    });
  }

  return (
    <form
      className="card form"
      onSubmit={submit}
      noValidate
      aria-label="Add a cell"
    >
      <h2>Add a cell</h2>
      <RoleNote allowed={allowed} required="operator" action="Adding a cell" />
      <fieldset disabled={!allowed || create.isPending} className="fieldset">
        <div className="form-row">
          <label className="field">
            <span>Cell id</span>
            <input
              name="id"
              value={id}
              placeholder="use1-c"
              onChange={(e) => setId(e.target.value)}
              aria-invalid={errors.id ? true : undefined}
            />
            <FieldError errors={errors} field="id" />
          </label>
          <label className="field">
            <span>Region</span>
            <select
              name="regionId"
              value={regionId}
              onChange={(e) => setRegionId(e.target.value)}
            >
              {regions.map((region) => (
                <option key={region.id} value={region.id}>
                  {region.name} ({region.id})
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="regionId" />
          </label>
          <label className="field field-narrow">
            <span>Capacity (RPS)</span>
            <input
              name="capacityRps"
              inputMode="numeric"
              value={capacity}
              onChange={(e) => setCapacity(e.target.value)}
              aria-invalid={errors.capacityRps ? true : undefined}
            />
            <FieldError errors={errors} field="capacityRps" />
          </label>
          <label className="field field-narrow">
            <span>Weight</span>
            <input
              name="weight"
              inputMode="decimal"
              value={weight}
              onChange={(e) => setWeight(e.target.value)}
              aria-invalid={errors.weight ? true : undefined}
            />
            <FieldError errors={errors} field="weight" />
          </label>
        </div>
        <div className="instances">
          <span className="label">Instances</span>
          {instances.map((row, index) => (
            <div className="form-row" key={index}>
              <input
                aria-label={`Instance ${index + 1} id`}
                placeholder="use1-c-i1"
                value={row.id}
                onChange={(e) => updateRow(index, { id: e.target.value })}
              />
              <input
                aria-label={`Instance ${index + 1} URL`}
                placeholder="http://127.0.0.1:9113"
                className="grow"
                value={row.url}
                onChange={(e) => updateRow(index, { url: e.target.value })}
              />
              <button
                type="button"
                className="button button-quiet"
                onClick={() =>
                  setInstances((rows) => rows.filter((_, i) => i !== index))
                }
              >
                Remove
              </button>
              <FieldError errors={errors} field={`instances.${index}.id`} />
              <FieldError errors={errors} field={`instances.${index}.url`} />
            </div>
          ))}
          <button
            type="button"
            className="button button-quiet"
            onClick={() => setInstances((rows) => [...rows, emptyRow])}
          >
            Add instance
          </button>
          <FieldError errors={errors} field="instances" />
        </div>
      </fieldset>
      <FormError error={create.error} />
      {created ? (
        <p className="form-success" role="status">
          Cell {created} added.
        </p>
      ) : null}
      <button
        type="submit"
        className="button button-primary"
        disabled={!allowed || create.isPending}
        title={allowed ? undefined : 'Needs the operator role'}
      >
        {create.isPending ? 'Adding…' : 'Add cell'}
      </button>
    </form>
  );
}
