import type { IncomingMessage, ServerResponse } from 'node:http';

import { describe, expect, it, vi } from 'vitest';

import {
  ProxyExchange,
  type ExchangeRequest,
  type ExchangeServices,
} from './proxy-exchange';

/** Services whose first use by a started exchange is recorded. */
function services() {
  const add = vi.fn();
  const recordRequest = vi.fn();
  // No balancer: a started exchange fails its first attempt, answered here.
  const answerError = vi.fn();

  return {
    add,
    answerError,
    services: {
      deadlines: { add },
      retries: { recordRequest },
      answerError,
    } as unknown as ExchangeServices,
  };
}

function requestOf(clientGone: {
  response: boolean;
  socket: boolean;
}): ExchangeRequest {
  return {
    req: { socket: { destroyed: clientGone.socket } } as IncomingMessage,
    res: { destroyed: clientGone.response } as ServerResponse,
    arrivedAt: 0,
    timeoutMs: 1000,
  } as unknown as ExchangeRequest;
}

describe('an exchange waiting for its decision to be written', () => {
  it('sends nothing when the client reset its connection meanwhile', () => {
    for (const gone of [
      { response: false, socket: true },
      { response: true, socket: true },
    ]) {
      const { add, services: s } = services();
      new ProxyExchange(s, requestOf(gone)).decisionWritten();
      expect(add).not.toHaveBeenCalled();
    }
  });

  it('starts when the client is still there, and answers what it throws', () => {
    const { add, answerError, services: s } = services();
    new ProxyExchange(
      s,
      requestOf({ response: false, socket: false }),
    ).decisionWritten();

    expect(add).toHaveBeenCalledOnce();
    expect(answerError).toHaveBeenCalledOnce();
    expect(answerError.mock.calls[0]![0]).toMatchObject({
      code: 'GW_INTERNAL',
    });
  });
});
