/**
 * The demo after set-up (scripts/demo.sh has installed, migrated and
 * seeded): creates each cell's own database, starts every app, drives a
 * bounded real load through the gateway, prints what happened and where the
 * console is, then keeps running until Ctrl-C (or stops, with --exit).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createDb } from '@cellplane/db';

import { DEMO_ISSUER, seedEdge } from '../../prisma/seed/seed-edge';

import { createCellDatabases } from '../../apps/cell-app/src/setup/create-cell-databases';
import { formatSummary } from '../../bench/load/format-summary';
import { seededTenantIds } from '../../bench/load/load-options';
import { runLoad } from '../../bench/load/run-load';
import { assertPortFree } from '../processes/assert-port-free';
import { readDemoConfig } from './demo-config';
import { ensureDemoIdentity, type DemoIdentity } from './demo-identity';
import { expectedCellShares } from './expected-cell-shares';
import { startStack, type RunningStack } from './start-stack';

const ZIPF_S = 1.1;

/** End users behind the load driver, each within the per-address limit. */
const SIMULATED_CLIENTS = 5_000;

/** Fresh tokens signed ES256; the rest RS256, the common default. */
const ES256_SHARE = 0.2;

/** Simulated users who are their tenant's admins as well as shoppers. */
const ADMIN_SHARE = 0.02;

/** Demo tokens live five minutes, as short-lived access tokens do. */
const TOKEN_LIFETIME_S = 300;

async function main(): Promise<number> {
  const config = readDemoConfig(process.argv.slice(2));

  await assertPortFree(config.controlApiPort, 'control-api');
  await assertPortFree(config.gatewayPort, 'gateway');
  await assertPortFree(config.gatewayAdminPort, 'gateway admin');
  await assertPortFree(config.webPort, 'console');

  // Before the control-api starts, so its first snapshot carries them.
  const identity = await ensureDemoIdentity(join(config.stateDir, 'identity'));
  const db = createDb(config.databaseUrl);
  const seeded = await seedEdge(db, { publicJwks: identity.publicJwks });
  const instances = await db.instance.findMany({ orderBy: { id: 'asc' } });
  const tenantCount = await db.tenant.count();
  await db.$disconnect();
  console.log(
    `==> demo identity: issuer ${DEMO_ISSUER.id} (RS256 and ES256 keys in ` +
      `${join(config.stateDir, 'identity')}); added ${seeded.keys} keys, ` +
      `${seeded.routes} routes`,
  );

  for (const instance of instances) {
    await assertPortFree(Number(new URL(instance.url).port), instance.id);
  }

  const cellIds = [...new Set(instances.map((instance) => instance.cellId))];
  console.log(`==> creating one database per cell (${cellIds.length} cells)`);
  const cellDatabases = await createCellDatabases(config.databaseUrl, cellIds);
  const cellUrls = new Map(
    cellDatabases.map((cell) => [cell.cellId, cell.url]),
  );

  console.log(
    `==> starting control-api, ${instances.length} cell instances, gateway and console`,
  );
  const stack = await startStack(config, instances, cellUrls);
  const stop = () => Promise.all(stack.processes.map((child) => child.stop()));

  try {
    await driveLoad(config, stack, tenantCount, identity);
  } catch (error) {
    await stop();
    throw error;
  }

  printConsole(config, stack);

  if (config.exitAfterSummary) {
    await stop();
    return 0;
  }

  console.log('Running until Ctrl-C.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.log('==> stopping every app');
  await stop();

  return 0;
}

async function driveLoad(
  config: ReturnType<typeof readDemoConfig>,
  stack: RunningStack,
  tenantCount: number,
  identity: DemoIdentity,
): Promise<void> {
  const tenantIds = seededTenantIds(tenantCount);
  const publicKeyPem = readFileSync(
    join(config.stateDir, 'control-api', 'snapshot-signing.pub.pem'),
    'utf8',
  );
  const { shares: expected, sampleTenants } = await expectedCellShares({
    controlApiUrl: stack.controlApiUrl,
    configToken: stack.configToken,
    publicKeyPem,
    tenantIds,
    zipfS: ZIPF_S,
  });

  console.log('==> waiting until every cell answers through the gateway');
  await waitForCells(stack.gatewayUrl, sampleTenants);

  console.log(
    `==> driving ${config.durationSeconds} s of load through the gateway ` +
      `(70 % catalog, 20 % cart, 10 % checkout; Zipf tenants; JWTs of ` +
      `simulated users, 60 % reused)`,
  );
  const summary = await runLoad({
    url: stack.gatewayUrl,
    durationS: config.durationSeconds,
    concurrency: config.concurrency,
    tenantIds,
    zipfS: ZIPF_S,
    clientCount: SIMULATED_CLIENTS,
    identity: {
      issuer: DEMO_ISSUER.issuer,
      audience: DEMO_ISSUER.audiences[0],
      keys: identity.signingKeys,
      es256Share: ES256_SHARE,
      adminShare: ADMIN_SHARE,
      lifetimeS: TOKEN_LIFETIME_S,
    },
  });

  console.log('');
  console.log(formatSummary(summary, stack.gatewayUrl));
  console.log(
    '  placement     cell: measured share / share expected from placement',
  );
  for (const [cellId, share] of [...expected].sort()) {
    const measured = (summary.byCell[cellId] ?? 0) / Math.max(1, summary.total);
    console.log(
      `                ${cellId.padEnd(10)} ${pct(measured)} / ${pct(share)}`,
    );
  }
}

/**
 * The gateway learns instance health by checking; until each cell has been
 * seen healthy, load would measure start-up rather than steady state.
 */
async function waitForCells(
  gatewayUrl: string,
  sampleTenants: ReadonlyMap<string, string>,
): Promise<void> {
  const deadline = Date.now() + 60_000;

  for (const [cellId, tenantId] of sampleTenants) {
    for (;;) {
      const response = await fetch(`${gatewayUrl}/catalog`, {
        headers: { 'x-tenant-id': tenantId },
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      await response?.body?.cancel();

      if (response?.ok) break;
      if (Date.now() > deadline) {
        throw new Error(`cell ${cellId} does not answer through the gateway`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function printConsole(
  config: ReturnType<typeof readDemoConfig>,
  stack: RunningStack,
): void {
  console.log('');
  console.log(`Console:   ${stack.webUrl}  (sign in as admin@cellplane.local`);
  console.log(`           with the demo password "${config.seedPassword}")`);
  console.log(
    `Gateway:   ${stack.gatewayUrl}  (try: curl -H 'x-tenant-id: t-00042' ${stack.gatewayUrl}/catalog)`,
  );
  console.log(
    `Metrics:   http://127.0.0.1:${config.gatewayAdminPort}/metrics  (the gateway's admin listener)`,
  );
  console.log(`Logs:      ${stack.logDir}`);
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1).padStart(5)} %`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `demo: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  },
);
