import { afterEach, describe, expect, it, vi } from 'vitest';

import { GatheredDestination, type ChunkSink } from './gathered-destination';

function recordingSink(): ChunkSink & { chunks: string[]; syncs: number } {
  const sink = {
    chunks: [] as string[],
    syncs: 0,
    write(chunk: string) {
      sink.chunks.push(chunk);

      return true;
    },
    flushSync() {
      sink.syncs += 1;
    },
  };

  return sink;
}

describe('GatheredDestination', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands lines on in order, in chunks that never pass the bound', () => {
    const sink = recordingSink();
    const destination = new GatheredDestination(sink, {
      maxBytes: 12,
      flushMs: 1_000,
    });

    destination.write('abc\n');
    destination.write('def\n');
    expect(sink.chunks).toEqual([]);

    destination.write('ghi\n');
    destination.write('j\n');
    expect(sink.chunks).toEqual(['abc\ndef\nghi\n']);

    destination.end();
    expect(sink.chunks).toEqual(['abc\ndef\nghi\n', 'j\n']);
    expect(sink.syncs).toBe(1);
  });

  it('writes what a quiet period gathered after the flush interval', () => {
    vi.useFakeTimers();
    const sink = recordingSink();
    const destination = new GatheredDestination(sink, {
      maxBytes: 4_096,
      flushMs: 250,
    });

    destination.write('one line\n');
    vi.advanceTimersByTime(249);
    expect(sink.chunks).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sink.chunks).toEqual(['one line\n']);

    // Nothing pending: no empty writes.
    vi.advanceTimersByTime(1_000);
    expect(sink.chunks).toHaveLength(1);
    destination.end();
  });

  it('loses no line written after it ended', () => {
    const sink = recordingSink();
    const destination = new GatheredDestination(sink, {
      maxBytes: 4_096,
      flushMs: 250,
    });
    destination.end();

    destination.write('late\n');
    destination.flushSync();
    expect(sink.chunks).toEqual(['late\n']);
  });

  it('measures lines in bytes and sends a line longer than the bound alone', () => {
    const sink = recordingSink();
    const destination = new GatheredDestination(sink, {
      maxBytes: 8,
      flushMs: 1_000,
    });

    // Three characters, six bytes: a second one does not fit.
    destination.write('ééé');
    destination.write('ééé');
    destination.write('x'.repeat(20));
    destination.write('y');
    destination.end();

    expect(sink.chunks).toEqual(['ééé', 'ééé', 'x'.repeat(20), 'y']);
  });
});
