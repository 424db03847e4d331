import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SnapshotFeed } from '../../publish/snapshot-feed';
import { sendError } from '../send-json';

/**
 * `GET /v1/snapshots/latest`: the signed envelope with a strong ETag; a
 * matching `If-None-Match` gets 304 so a polling gateway costs a header.
 */
export async function getLatestSnapshot(
  req: IncomingMessage,
  res: ServerResponse,
  feed: SnapshotFeed,
): Promise<void> {
  if (!feed.latest()) await feed.refresh();

  const snapshot = feed.latest();
  if (!snapshot) {
    sendError(res, 'SNAPSHOT_NONE');

    return;
  }

  const headers = {
    etag: snapshot.etag,
    'x-config-version': String(snapshot.version),
    'cache-control': 'no-cache',
  };

  if (matchesEtag(req.headers['if-none-match'], snapshot.etag)) {
    res.writeHead(304, headers);
    res.end();

    return;
  }

  res.writeHead(200, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(snapshot.text),
  });
  res.end(snapshot.text);
}

// If-None-Match may list several tags, or be "*" (RFC 9110 13.1.2).
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;

  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .includes(etag);
}
