/**
 * Polls `check` until it returns a value other than undefined, throwing
 * with `what` after `timeoutMs`. Errors thrown by `check` count as "not yet".
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  // Generous: apps started through tsx can take tens of seconds to answer
  // on a loaded machine. A bound on a hang, not a timed assertion.
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;

  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }

  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, {
    cause: lastError,
  });
}
