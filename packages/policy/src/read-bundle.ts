import { gunzipSync } from 'node:zlib';
import type { Bundle, BundleManifest } from './bundle';
import { PolicyError } from './policy-error';
import { readTar } from './tar';

/**
 * The most a bundle may unpack to. A gzip stream of zeros shrinks about a
 * thousand times, so a bound on the archive alone would let a small upload
 * unpack to gigabytes in every process that reads it.
 */
export const MAX_UNPACKED_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Reads a tar.gz bundle, ours or one built by `opa build -t wasm`. */
export function readBundle(archive: Uint8Array): Bundle {
  let entries;
  try {
    entries = readTar(
      gunzipSync(archive, { maxOutputLength: MAX_UNPACKED_BUNDLE_BYTES }),
    );
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PolicyError(
        'POLICY_BUNDLE_TOO_LARGE',
        `bundle unpacks to more than ${MAX_UNPACKED_BUNDLE_BYTES} bytes`,
        { cause },
      );
    }
    throw new PolicyError(
      'POLICY_BUNDLE_READ',
      'bundle is not a tar.gz archive',
      { cause },
    );
  }

  let manifest: BundleManifest = { revision: '', roots: [''] };
  const data: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const modules = new Map<string, Uint8Array>();

  for (const e of entries) {
    const name = `/${e.name.replace(/^\.?\/+/, '')}`;
    if (name === '/.manifest') {
      const parsed = parseJson<Partial<BundleManifest>>(e.data, name);
      manifest = {
        ...parsed,
        revision: parsed.revision ?? '',
        roots: parsed.roots ?? [''],
      };
    } else if (name.endsWith('.wasm')) {
      modules.set(name, e.data);
    } else if (name === '/data.json' || name.endsWith('/data.json')) {
      const path = name.split('/').slice(1, -1);
      mergeAt(data, path, parseJson<unknown>(e.data, name), name);
    } else if (name.endsWith('.rego')) {
      sources[name.slice(1)] = Buffer.from(e.data).toString('utf8');
    }
  }

  const moduleName = manifest.wasm?.[0]?.module ?? '/policy.wasm';
  const wasm =
    modules.get(moduleName) ??
    modules.get(`/${moduleName.replace(/^\/+/, '')}`);
  if (!wasm) {
    throw new PolicyError(
      'POLICY_BUNDLE_INVALID',
      `bundle has no ${moduleName}`,
    );
  }
  if (new Set(manifest.wasm?.map((w) => w.module) ?? []).size > 1) {
    throw new PolicyError(
      'POLICY_BUNDLE_INVALID',
      'bundles with several wasm modules are not supported',
    );
  }

  return { manifest, wasm, data, sources };
}

function parseJson<T>(bytes: Uint8Array, name: string): T {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch (cause) {
    throw new PolicyError(
      'POLICY_BUNDLE_INVALID',
      `${name} is not valid JSON`,
      { cause },
    );
  }
}

/** Puts a data.json document at its directory's path, merging objects. */
export function mergeAt(
  root: Record<string, unknown>,
  path: string[],
  value: unknown,
  name: string,
): void {
  let target = root;
  for (const seg of path) {
    const next = target[seg];
    if (next === undefined) target[seg] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new PolicyError(
        'POLICY_BUNDLE_INVALID',
        `${name} conflicts with data at ${seg}`,
      );
    }
    target = target[seg] as Record<string, unknown>;
  }
  if (
    path.length === 0 &&
    (typeof value !== 'object' || value === null || Array.isArray(value))
  ) {
    throw new PolicyError(
      'POLICY_BUNDLE_INVALID',
      `${name} must hold an object`,
    );
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k in target) {
        throw new PolicyError(
          'POLICY_BUNDLE_INVALID',
          `${name} conflicts with data at ${k}`,
        );
      }
      target[k] = v;
    }
    return;
  }
  throw new PolicyError('POLICY_BUNDLE_INVALID', `${name} must hold an object`);
}
