import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';

import { errorCodeOf, errorMessageOf, fieldErrorsOf } from './api-error';

function apiError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message, code: -32600, data } });
}

describe('fieldErrorsOf', () => {
  it('reads the flattened zod errors, nested paths included', () => {
    const error = apiError('validation', {
      code: 'BAD_REQUEST',
      zodError: {
        formErrors: [],
        fieldErrors: {
          id: ['must be 1-63 chars'],
          'instances.0.url': ['Invalid URL'],
        },
      },
    });

    expect(fieldErrorsOf(error)).toEqual({
      id: ['must be 1-63 chars'],
      'instances.0.url': ['Invalid URL'],
    });
    expect(errorMessageOf(error)).toBe('Some fields need attention.');
  });

  it('gives nothing for errors without field errors', () => {
    expect(fieldErrorsOf(new Error('boom'))).toEqual({});
    expect(fieldErrorsOf(apiError('x', { code: 'CONFLICT' }))).toEqual({});
    expect(fieldErrorsOf(null)).toEqual({});
  });
});

describe('errorMessageOf', () => {
  it('uses the API message for ordinary failures', () => {
    const error = apiError('cell euc1-c exists', { code: 'CONFLICT' });

    expect(errorCodeOf(error)).toBe('CONFLICT');
    expect(errorMessageOf(error)).toBe('cell euc1-c exists');
  });

  it('names a missing role instead of echoing the server', () => {
    const error = apiError('FORBIDDEN', { code: 'FORBIDDEN' });

    expect(errorMessageOf(error)).toBe('Your role does not allow this action.');
  });

  it('says the control-api is unreachable when no tRPC body came back', () => {
    const error = TRPCClientError.from(new Error('Unexpected token I'));

    expect(errorCodeOf(error)).toBeUndefined();
    expect(errorMessageOf(error)).toMatch(/control-api did not answer/);
  });
});
