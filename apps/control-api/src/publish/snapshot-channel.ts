/**
 * The Redis pub/sub channel on which a publisher announces a new version to
 * every control-api process sharing the queue prefix.
 */
export function snapshotChannel(queuePrefix: string): string {
  return `${queuePrefix}:snapshot-published`;
}
