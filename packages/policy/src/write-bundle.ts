import { gzipSync } from 'node:zlib';
import type { Bundle } from './bundle';
import { writeTar, type TarEntry } from './tar';

const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** Serializes a bundle to the OPA bundle format (tar.gz). */
export function writeBundle(bundle: Bundle): Uint8Array {
  const entries: TarEntry[] = [
    { name: '/data.json', data: text(JSON.stringify(bundle.data)) },
    ...Object.entries(bundle.sources)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, src]) => ({
        name: `/${name.replace(/^\/+/, '')}`,
        data: text(src),
      })),
    { name: '/policy.wasm', data: bundle.wasm },
    { name: '/.manifest', data: text(JSON.stringify(bundle.manifest)) },
  ];

  return gzipSync(writeTar(entries));
}
