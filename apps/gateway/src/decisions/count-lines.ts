import { open } from 'node:fs/promises';

/** Read size when counting: one small buffer, whatever the file's size. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The lines of the file at `path` from byte `position` on, a torn last
 * line included (it is a decision too).
 */
export async function countLines(
  path: string,
  position: number,
): Promise<number> {
  const handle = await open(path, 'r');
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let at = position;
  let lines = 0;
  let last = 0x0a;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, at);
      if (bytesRead === 0) break;
      at += bytesRead;
      lines += newlinesIn(chunk, bytesRead);
      last = chunk[bytesRead - 1]!;
    }
  } finally {
    await handle.close();
  }

  return last === 0x0a ? lines : lines + 1;
}

/** Line ends among the first `end` bytes of `bytes`. */
function newlinesIn(bytes: Buffer, end: number): number {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < end;) {
    lines += 1;
    at = bytes.indexOf(0x0a, at + 1);
  }

  return lines;
}
