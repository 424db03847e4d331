import {
  signSnapshot,
  type SigningKey,
  type SnapshotBody,
  type SnapshotEnvelope,
} from '@cellplane/contract';
import { sampleSnapshotBody } from '@cellplane/contract/testing';

import { startUpstream, type Upstream } from './upstream-server';

/**
 * The contract's sample topology (cells use1-a, use1-b, euc1-a, two
 * instances each; tenants t-a..t-d; t-b pinned to euc1-a) served by real
 * upstream servers: one per instance, on ephemeral ports.
 */
export interface SampleTopology {
  readonly upstreams: ReadonlyMap<string, Upstream>;
  /** The sample body with every instance URL pointing at its upstream. */
  body(patch?: Partial<SnapshotBody>): SnapshotBody;
  sign(body: SnapshotBody): SnapshotEnvelope;
  /** The instance ids of one cell. */
  instancesOf(cellId: string): string[];
  close(): Promise<void>;
}

export async function startSampleTopology(
  key: SigningKey,
): Promise<SampleTopology> {
  const template = sampleSnapshotBody();
  const upstreams = new Map<string, Upstream>();

  for (const cell of template.cells) {
    for (const instance of cell.instances) {
      upstreams.set(instance.id, await startUpstream(instance.id));
    }
  }

  const body = (patch: Partial<SnapshotBody> = {}): SnapshotBody => {
    const base = sampleSnapshotBody(patch);
    const cells = base.cells.map((cell) => ({
      ...cell,
      instances: cell.instances.map((instance) => ({
        ...instance,
        url: upstreams.get(instance.id)?.url ?? instance.url,
      })),
    }));

    return { ...base, cells };
  };

  return {
    upstreams,
    body,
    sign: (snapshot) => signSnapshot(snapshot, key),
    instancesOf: (cellId) =>
      template.cells
        .find((cell) => cell.id === cellId)
        ?.instances.map((i) => i.id) ?? [],
    close: async () => {
      await Promise.all(
        [...upstreams.values()].map((upstream) => upstream.close()),
      );
    },
  };
}
