import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { fieldErrorsOf } from './field-errors';

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
