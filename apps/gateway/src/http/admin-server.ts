import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from '../config/gateway-config';
import { hardenServer, HARDENED_SERVER_OPTIONS } from '../hygiene/framing';
import type { Runner } from '../runner';
import { pathOf } from './path-of';

export interface AdminServerDeps {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly admin: (
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ) => Promise<void>;
}

/**
 * The admin listener (`GATEWAY_ADMIN_HOST`:`GATEWAY_ADMIN_PORT`, loopback
 * by default): `/metrics`, `/healthz`, `/readyz`. Apart from the tenant
 * listener so metrics never reach tenants and no tenant path is shadowed.
 */
export class AdminServer implements Runner {
  readonly name = 'admin-server';

  private readonly server: Server;

  constructor(private readonly deps: AdminServerDeps) {
    this.server = createServer(HARDENED_SERVER_OPTIONS, (req, res) => {
      const method = req.method;
      if (method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' });
        res.end();

        return;
      }
      deps.admin(pathOf(req.url), req, res).catch((error: unknown) => {
        deps.logger.error({ err: error }, 'admin handler failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    hardenServer(this.server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(): Promise<void> {
    const { host, port } = this.deps.config.admin;

    // Exclusive: under node:cluster only the first worker serves admin, on
    // a socket of its own (a shared `listen(0)` would hand every worker's
    // second ephemeral listener the tenant port's socket).
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port, host, exclusive: true }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) =>
      this.server.close(() => resolve()),
    );
    this.server.closeAllConnections();
    await closed;
  }
}
