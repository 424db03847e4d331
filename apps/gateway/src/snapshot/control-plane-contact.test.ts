import { describe, expect, it } from 'vitest';

import { ControlPlaneContact } from './control-plane-contact';

function contactAt(configured = true) {
  let now = 1_000_000;
  const contact = new ControlPlaneContact({
    configured,
    staleAfterMs: 30_000,
    now: () => now,
  });

  return { contact, advance: (ms: number) => (now += ms), now: () => now };
}

describe('ControlPlaneContact (K13)', () => {
  it('is stale without a control plane', () => {
    expect(contactAt(false).contact.status().stale).toBe(true);
  });

  it('is not stale while the first attempt is under way, stale once it fails', () => {
    const { contact } = contactAt();
    expect(contact.status().stale).toBe(false);

    contact.update({
      connected: false,
      lastContactAt: null,
      lastError: 'ECONNREFUSED',
    });
    expect(contact.status()).toMatchObject({
      stale: true,
      lastContactAgeSeconds: null,
    });
  });

  it('turns stale when not heard from for longer than the limit', () => {
    const { contact, advance, now } = contactAt();
    contact.update({ connected: true, lastContactAt: now() });

    advance(30_000);
    expect(contact.status()).toMatchObject({
      stale: false,
      lastContactAgeSeconds: 30,
    });
    advance(1);
    expect(contact.status().stale).toBe(true);
  });
});
