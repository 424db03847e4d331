import { describe, expect, it } from 'vitest';

import { haproxyConf } from './haproxy-conf';

const conf = haproxyConf({
  port: 41000,
  upstreamHostPort: '127.0.0.1:42000',
  threads: 2,
  rs256KeyFile: '/tmp/run/haproxy/rs256.pub.pem',
  es256KeyFile: '/tmp/run/haproxy/es256.pub.pem',
  perClientRate: 1_000_000,
});
const lines = conf.split('\n').map((line) => line.trim());

describe('haproxyConf', () => {
  it('listens on loopback only, with as many threads as the gateway has workers', () => {
    expect(lines.filter((l) => l.startsWith('bind'))).toEqual([
      'bind 127.0.0.1:41000',
    ]);
    expect(lines).toContain('nbthread 2');
    expect(conf).not.toMatch(/^\s*log /m);
  });

  it('verifies each algorithm with its own key and refuses any other', () => {
    expect(conf).toContain('unless { var(txn.alg) -m str RS256 ES256 }');
    expect(conf).toContain(
      'if { var(txn.alg) -m str RS256 } !{ var(txn.bearer),jwt_verify(txn.alg,"/tmp/run/haproxy/rs256.pub.pem") -m int 1 }',
    );
    expect(conf).toContain(
      'if { var(txn.alg) -m str ES256 } !{ var(txn.bearer),jwt_verify(txn.alg,"/tmp/run/haproxy/es256.pub.pem") -m int 1 }',
    );
  });

  it("checks the claims the gateway checks, and the token's tenant", () => {
    expect(conf).toContain('unless { var(txn.iss) -m str bench-idp }');
    expect(conf).toContain('unless { var(txn.aud) -m str cellplane }');
    expect(conf).toContain('unless { var(txn.exp),sub(txn.now) -m int gt 0 }');
    expect(conf).toContain(
      'unless { var(txn.tenant),strcmp(txn.tenant_header) eq 0 }',
    );
  });

  it('limits per address in a stick table and hashes tenants consistently', () => {
    expect(conf).toContain('http-request track-sc0 src');
    expect(conf).toContain('if { sc_http_req_rate(0) gt 1000000 }');
    expect(lines).toContain('balance hash req.hdr(x-tenant-id)');
    expect(lines).toContain('hash-type consistent');
    expect(lines).toContain('server i1 127.0.0.1:42000');
  });
});
