import { describe, expect, it } from 'vitest';

import { nginxConf } from './nginx-conf';

const options = {
  workDir: '/tmp/cellplane-bench-x/nginx',
  port: 41000,
  upstreamHostPort: '127.0.0.1:42000',
  workers: 2,
  keepaliveConnections: 64,
  user: null,
};

describe('nginxConf', () => {
  it('listens on loopback only and stays in the foreground', () => {
    const conf = nginxConf(options);

    expect(conf).toContain('listen 127.0.0.1:41000;');
    const listens = conf
      .split('\n')
      .filter((l) => l.trim().startsWith('listen'));
    expect(listens).toEqual(['    listen 127.0.0.1:41000;']);
    expect(conf).toContain('daemon off;');
  });

  it('runs as many workers as asked, with a keep-alive upstream pool', () => {
    const conf = nginxConf(options);

    expect(conf).toContain('worker_processes 2;');
    expect(conf).toContain('server 127.0.0.1:42000;');
    expect(conf).toContain('keepalive 64;');
    expect(conf).toContain('proxy_http_version 1.1;');
    expect(conf).toContain('proxy_set_header Connection "";');
  });

  it('keeps every file it writes under the run directory', () => {
    const paths = [
      ...nginxConf(options).matchAll(
        /^\s*(?:pid|error_log|\w+_temp_path) (\S+)/gm,
      ),
    ].map((match) => match[1]!);

    expect(paths).toHaveLength(7);
    for (const path of paths)
      expect(path.startsWith(options.workDir)).toBe(true);
  });

  it('names the worker user only when asked (running as root)', () => {
    expect(nginxConf(options)).not.toContain('user ');
    expect(nginxConf({ ...options, user: 'root' })).toMatch(/^user root;$/m);
  });
});
