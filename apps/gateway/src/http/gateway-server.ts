import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';

import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from '../config/gateway-config';
import type { Runner } from '../runner';
import { hardenServer, HARDENED_SERVER_OPTIONS } from '../hygiene/framing';
import { TENANT_PORT_ADMIN_PATHS } from './admin-handler';
import { pathOf } from './path-of';

export interface GatewayServerDeps {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly admin: (
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ) => Promise<void>;
  /** Answers by itself; never throws for a request's own failure. */
  readonly proxy: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * How long idle keep-alive connections stay open once draining starts. A
 * client may already have a request on the wire on an idle connection;
 * closing it at once would reset that request. Within the window every
 * answer carries `connection: close`, so active clients leave by
 * themselves.
 */
const IDLE_DRAIN_WINDOW_MS = 1_000;

/**
 * The node:http listener. It counts requests in flight so that shutdown
 * can stop accepting, let them finish within `drainTimeoutMs`, and only
 * then cut what is left.
 */
export class GatewayServer implements Runner {
  readonly name = 'http-server';

  private readonly server: Server;

  private active = 0;

  private isDraining = false;

  private onIdle: (() => void) | null = null;

  constructor(private readonly deps: GatewayServerDeps) {
    this.server = createServer(HARDENED_SERVER_OPTIONS, (req, res) =>
      this.handle(req, res),
    );
    hardenServer(this.server);
    // Longer than the usual load balancer idle timeout, so the balancer,
    // not the gateway, closes idle keep-alive connections.
    this.server.keepAliveTimeout = 65_000;
  }

  get inFlight(): number {
    return this.active;
  }

  get draining(): boolean {
    return this.isDraining;
  }

  /** The port listened on; the real one when the config asked for 0. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(): Promise<void> {
    const { host, port } = this.deps.config;

    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops accepting, drains in-flight requests (bounded), then closes. */
  async close(): Promise<void> {
    const { logger, config } = this.deps;
    if (!this.server.listening) return;

    this.isDraining = true;
    const started = Date.now();

    // net.Server#close stops accepting without http.Server#close's
    // immediate closing of idle keep-alive connections (Node 19+).
    const closed = new Promise<void>((resolve) =>
      NetServer.prototype.close.call(this.server, () => resolve()),
    );
    logger.info({ inFlight: this.active }, 'draining');

    const window = Math.min(IDLE_DRAIN_WINDOW_MS, config.drainTimeoutMs);
    await new Promise((resolve) => setTimeout(resolve, window));
    this.server.closeIdleConnections();

    const remainingMs = Math.max(
      0,
      config.drainTimeoutMs - (Date.now() - started),
    );
    const drained = await this.waitIdle(remainingMs);
    if (!drained) {
      logger.warn(
        { inFlight: this.active },
        'drain timed out, closing connections',
      );
    }
    this.server.closeAllConnections();
    await closed;
  }

  /** One listener for every response, not a closure per request. */
  private readonly closed = (): void => {
    this.active -= 1;
    if (this.active === 0) this.onIdle?.();
  };

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.active += 1;
    res.once('close', this.closed);

    // While draining, every answer closes its connection, so keep-alive
    // clients move to another gateway instead of waiting on this one.
    if (this.isDraining) res.setHeader('connection', 'close');

    // `/healthz` and `/readyz` stay answered here too (load balancers probe
    // the tenant port), for exactly those paths; `/metrics` is only on the
    // admin listener.
    const path = pathOf(req.url);
    const method = req.method;
    try {
      if (
        TENANT_PORT_ADMIN_PATHS.has(path) &&
        (method === 'GET' || method === 'HEAD')
      ) {
        this.deps.admin(path, req, res).catch(this.failed.bind(this, res));
      } else {
        this.deps.proxy(req, res);
      }
    } catch (error) {
      this.failed(res, error);
    }
  }

  private failed(res: ServerResponse, error: unknown): void {
    this.deps.logger.error({ err: error }, 'request handler failed');
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }

  private waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);

    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onIdle = null;
        resolve(false);
      }, timeoutMs);
      this.onIdle = () => {
        clearTimeout(timer);
        this.onIdle = null;
        resolve(true);
      };
    });
  }
}
