import type { ManagedProcess } from './managed-process';

/**
 * Polls a local URL until it answers 2xx, failing early with the log file's
 * name when the process died instead of becoming ready.
 */
export async function waitForHttp(
  url: string,
  owner: ManagedProcess,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    if (!owner.running) {
      throw new Error(
        `${owner.name} exited before ready; see ${owner.logFile}`,
      );
    }

    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet: keep polling until the deadline.
    }

    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  throw new Error(
    `${owner.name} not ready at ${url} after ${timeoutMs} ms; see ${owner.logFile}`,
  );
}
