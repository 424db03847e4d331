import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  signSnapshot,
  type DecisionRecord,
  type Identity,
  type Route,
  type SnapshotBody,
} from '@cellplane/contract';

import {
  buildTestBundle,
  cacheBundle,
  policySection,
  type TestBundle,
} from './policy-bundles';
import {
  spawnGateway,
  startGateway,
  type GatewayProcess,
  type InProcessGateway,
} from './test-gateway';
import { createTestWorkspace, type TestWorkspace } from './test-key';
import { startUpstream, type Upstream } from './upstream-server';

export interface PolicyEdgeOptions {
  /** Rego (and `data.json`) files of the bundle. */
  readonly files: Record<string, string>;
  readonly entrypoint?: string;
  readonly routes?: Route[];
  readonly identity?: Identity;
  readonly env?: Record<string, string>;
}

/**
 * The real gateway (in this process, real listener) booted from a signed
 * `--snapshot` whose `policy` section names a bundle compiled from
 * `files` and placed in the state dir's cache, in front of one real
 * upstream that records what it receives. One cell `cell-1` in region
 * `us-east`, tenants `t-a` and `t-b`.
 */
export interface PolicyEdge {
  readonly url: string;
  readonly port: number;
  readonly gateway: InProcessGateway;
  readonly upstream: Upstream;
  readonly bundle: TestBundle;
  readonly stateDir: string;
  /** Every decision written so far. */
  decisions(): Promise<DecisionRecord[]>;
  close(): Promise<void>;
}

export async function startPolicyEdge(
  options: PolicyEdgeOptions,
): Promise<PolicyEdge> {
  const upstream = await startUpstream('cell-1-i1');
  const setup = await preparePolicySnapshot(upstream.url, options);
  const { workspace, stateDir, bundle } = setup;

  const gateway = await startGateway(
    {
      SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
      GATEWAY_STATE_DIR: stateDir,
      GATEWAY_HEALTH_CHECKS: 'off',
      GATEWAY_WORKERS: '1',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    ['--snapshot', setup.snapshotFile],
  );

  return {
    url: gateway.url,
    port: gateway.gateway.port,
    gateway,
    upstream,
    bundle,
    stateDir,
    decisions: () => readDecisions(join(stateDir, 'decisions')),
    close: async () => {
      await gateway.close();
      await upstream.close();
      await workspace.remove();
    },
  };
}

/** What `spawnPolicyEdge` started; `workspace.remove()` once it stopped. */
export interface SpawnedPolicyEdge {
  readonly gateway: GatewayProcess;
  readonly workspace: TestWorkspace;
  readonly stateDir: string;
}

/**
 * `startPolicyEdge`'s gateway as its own process (node:cluster workers,
 * SIGKILL), in front of an upstream the test started.
 */
export async function spawnPolicyEdge(
  upstreamUrl: string,
  options: PolicyEdgeOptions & { readonly revision: string },
): Promise<SpawnedPolicyEdge> {
  const setup = await preparePolicySnapshot(upstreamUrl, options);
  const { workspace, stateDir } = setup;
  const gateway = await spawnGateway(
    {
      SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
      GATEWAY_STATE_DIR: stateDir,
      GATEWAY_HEALTH_CHECKS: 'off',
      ...options.env,
    },
    ['--snapshot', setup.snapshotFile],
  );

  return { gateway, workspace, stateDir };
}

/**
 * A workspace whose state dir caches the bundle compiled from `files`,
 * and a signed snapshot file naming it, routing to `upstreamUrl`.
 */
async function preparePolicySnapshot(
  upstreamUrl: string,
  options: PolicyEdgeOptions & { readonly revision?: string },
): Promise<{
  workspace: TestWorkspace;
  stateDir: string;
  bundle: TestBundle;
  snapshotFile: string;
}> {
  const workspace = await createTestWorkspace();
  const stateDir = join(workspace.dir, 'state');

  const bundle = await buildTestBundle(options.files, {
    revision: options.revision ?? 'rev-1',
    entrypoints: [options.entrypoint ?? 'cellplane/authz/allow'],
  });
  await cacheBundle(stateDir, bundle);

  const body = edgeBody(upstreamUrl, {
    ...(options.routes === undefined ? {} : { routes: options.routes }),
    ...(options.identity === undefined ? {} : { identity: options.identity }),
    policy: policySection(bundle, options.entrypoint),
  });
  const snapshotFile = join(workspace.dir, 'snapshot.json');
  await writeFile(
    snapshotFile,
    JSON.stringify(signSnapshot(body, workspace.key)),
  );

  return { workspace, stateDir, bundle, snapshotFile };
}

/** A one-cell snapshot body whose instance is `upstreamUrl`. */
export function edgeBody(
  upstreamUrl: string,
  patch: Partial<SnapshotBody> = {},
): SnapshotBody {
  return {
    schemaVersion: 1,
    version: 1,
    builtAt: '2026-12-04T12:00:00.000Z',
    regions: [{ id: 'us-east', name: 'US East' }],
    cells: [
      {
        id: 'cell-1',
        regionId: 'us-east',
        capacityRps: 10_000,
        weight: 1,
        state: 'active',
        instances: [{ id: 'cell-1-i1', url: upstreamUrl, weight: 1 }],
      },
    ],
    tenants: [
      { id: 't-a', tier: 'enterprise' },
      { id: 't-b', tier: 'standard' },
    ],
    overrides: [],
    ring: { virtualNodes: 150, referenceCapacityRps: 10_000 },
    ...patch,
  };
}

/** Every record of every decision log file in `dir`, in file order. */
export async function readDecisions(dir: string): Promise<DecisionRecord[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.ndjson'))
    .sort();
  const records: DecisionRecord[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (line !== '') records.push(JSON.parse(line) as DecisionRecord);
    }
  }

  return records;
}
