import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { fieldErrorsOf, validationMessageOf } from './field-errors';

describe('fieldErrorsOf', () => {
  it('keys issues by their full path and keeps form-level ones apart', () => {
    const schema = z.strictObject({
      id: z.string().min(3),
      instances: z.array(z.strictObject({ url: z.url() })),
    });
    const result = schema.safeParse({
      id: 'x',
      instances: [{ url: 'ok' }],
      extra: true,
    });

    expect(result.success).toBe(false);
    const errors = fieldErrorsOf(result.error!);
    expect(Object.keys(errors.fieldErrors).sort()).toEqual([
      'id',
      'instances.0.url',
    ]);
    expect(errors.formErrors.join()).toMatch(/extra/);
  });
});

describe('validationMessageOf', () => {
  it('names each field on one line', () => {
    const schema = z.strictObject({
      reason: z.string().min(3),
      level: z.int(),
    });
    const result = schema.safeParse({ reason: 'x', extra: 1 });

    const message = validationMessageOf(fieldErrorsOf(result.error!));

    expect(message).not.toContain('\n');
    expect(message).toMatch(/^Unrecognized key: "extra"; /);
    expect(message).toMatch(/reason: Too small: expected string to have >=3/);
    expect(message).toMatch(/level: Invalid input: expected number/);
  });
});
