import { describe, expect, it } from 'vitest';

import { correlationOf } from './correlation';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe('correlationOf', () => {
  it('keeps a trusted peer request id and replaces an untrusted one', () => {
    expect(correlationOf({ 'x-request-id': 'abc-1' }, true).requestId).toBe(
      'abc-1',
    );
    expect(
      correlationOf({ 'x-request-id': 'abc-1' }, false).requestId,
    ).not.toBe('abc-1');
    expect(correlationOf({ 'x-request-id': 'a\r\nb' }, true).requestId).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it('continues a valid trace with a new parent id for this hop', () => {
    const result = correlationOf(
      { traceparent: VALID, tracestate: 'vendor=1' },
      false,
    );

    expect(result.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(result.traceparent).toMatch(TRACEPARENT);
    expect(result.traceparent.startsWith(`00-${result.traceId}-`)).toBe(true);
    expect(result.traceparent.endsWith('-01')).toBe(true);
    expect(result.traceparent).not.toBe(VALID);
    expect(result.tracestate).toBe('vendor=1');
  });

  it('accepts a later version with extra fields, as level 1 requires', () => {
    const result = correlationOf(
      { traceparent: `01${VALID.slice(2)}-extra` },
      false,
    );

    expect(result.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each([
    'garbage',
    `${VALID}-x`,
    VALID.toUpperCase(),
    `ff${VALID.slice(2)}`,
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
  ])('starts a new trace for malformed %j and drops tracestate', (value) => {
    const result = correlationOf(
      { traceparent: value, tracestate: 'a=1' },
      true,
    );

    expect(result.traceparent).toMatch(TRACEPARENT);
    expect(result.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(result.tracestate).toBeNull();
  });
});
