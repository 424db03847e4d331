import type { IncomingMessage, ServerResponse } from 'node:http';

import { digestSchema } from '@cellplane/contract';
import type { Logger } from '@cellplane/telemetry';

import type { Db } from '../../db/db-types';
import { readBundleBytes } from '../../services/policies/read-bundle-bytes';
import { sendError } from '../send-json';

/**
 * `GET /v1/bundles/<digest>`: a policy bundle's tar.gz. The bytes behind a
 * digest never change, so the answer may be cached forever; gateways still
 * hash what they receive, since the digest is what the signed snapshot
 * vouches for, not this connection.
 */
export async function getBundle(
  req: IncomingMessage,
  res: ServerResponse,
  segment: string,
  options: { db: Db; logger: Logger },
): Promise<void> {
  const digest = decoded(segment);
  if (!digestSchema.safeParse(digest).success) {
    sendError(res, 'BUNDLE_BAD_DIGEST');

    return;
  }

  const etag = `"${digest}"`;
  const headers = {
    etag,
    'cache-control': 'public, max-age=31536000, immutable',
  };
  // Bundles are never changed nor deleted: a gateway holding this tag
  // holds these bytes, and a 304 spares reading up to 16 MiB.
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();

    return;
  }

  const bytes = await readBundleBytes(options, digest);
  if (!bytes) {
    sendError(res, 'BUNDLE_NOT_FOUND');

    return;
  }

  options.logger.info(
    { digest, sizeBytes: bytes.length, consumer: consumerOf(req) },
    'bundle served',
  );
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/gzip',
    'content-length': bytes.length,
  });
  res.end(bytes);
}

function consumerOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-cellplane-consumer'];

  return typeof header === 'string' ? header.slice(0, 64) : undefined;
}

// A client may percent-encode the colon; a malformed escape is no digest.
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
