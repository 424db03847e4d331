import { request } from 'node:http';

/**
 * A GET for tenant `t-a` on a new connection, so a multi-worker gateway's
 * primary hands it to a worker; resolves with the status.
 */
export function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { 'x-tenant-id': 't-a' }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
