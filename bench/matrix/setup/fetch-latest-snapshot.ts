/**
 * Waits for the control-api's first published snapshot and returns the
 * signed envelope's text as served on `/v1/snapshots/latest` (what a
 * gateway or a cell receives), polling while it answers 404.
 */
export async function fetchLatestSnapshot(
  controlApiUrl: string,
  token: string,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const response = await fetch(`${controlApiUrl}/v1/snapshots/latest`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-cellplane-consumer': 'bench',
      },
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (response.status === 200) return text;

    if (response.status !== 404 || Date.now() > deadline) {
      throw new Error(
        `control-api gave no snapshot (HTTP ${response.status}): ${text.slice(0, 200)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
