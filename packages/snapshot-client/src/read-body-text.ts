import { SnapshotClientError } from './snapshot-client-error';

/**
 * Reads a response body as UTF-8 text, refusing more than `maxBytes`, so a
 * broken or hostile upstream cannot grow the consumer's memory unbounded.
 */
export async function readBodyText(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;

  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new SnapshotClientError(
        'SNAPSHOT_CLIENT_TOO_LARGE',
        `response body exceeds ${maxBytes} bytes`,
      );
    }
    chunks.push(chunk);
  }

  return Buffer.concat(chunks).toString('utf8');
}
