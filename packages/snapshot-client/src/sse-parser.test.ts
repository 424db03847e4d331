import { describe, expect, it } from 'vitest';

import { SseParser, type SseEvent } from './sse-parser';

function parse(chunks: readonly string[]) {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const parser = new SseParser({
    onEvent: (event) => events.push(event),
    onRetry: (milliseconds) => retries.push(milliseconds),
    onComment: (text) => comments.push(text),
  });

  for (const chunk of chunks) parser.feed(chunk);

  return { events, retries, comments, parser };
}

describe('SseParser', () => {
  it('dispatches a named event with its id on a blank line', () => {
    const { events } = parse(['event: snapshot\nid: 7\ndata: {"a":1}\n\n']);

    expect(events).toEqual([
      { type: 'snapshot', data: '{"a":1}', lastEventId: '7', id: '7' },
    ]);
  });

  it('joins multi-line data with newlines and defaults the type', () => {
    const { events } = parse(['data: one\ndata:two\ndata\ndata:  four\n\n']);

    expect(events).toEqual([
      {
        type: 'message',
        data: 'one\ntwo\n\n four',
        lastEventId: '',
        id: undefined,
      },
    ]);
  });

  it('reads CRLF, CR and LF line ends, split anywhere across chunks', () => {
    const text = 'event: snapshot\r\nid: 3\rdata: x\r\n\r\ndata: y\n\n';
    const whole = parse([text]).events;

    for (let cut = 1; cut < text.length; cut += 1) {
      const split = parse([text.slice(0, cut), text.slice(cut)]).events;
      expect(split, `cut at ${cut}`).toEqual(whole);
    }
    expect(whole.map((event) => event.data)).toEqual(['x', 'y']);
  });

  it('keeps the last id across events but reports an own id only once', () => {
    const { events } = parse(['id: 5\ndata: a\n\ndata: b\n\n']);

    expect(events[1]).toMatchObject({ lastEventId: '5', id: undefined });
  });

  it('passes comments and numeric retry, ignoring a bad retry', () => {
    const { events, retries, comments } = parse([
      ': ping\nretry: 1500\nretry: 2s\n:\n\n',
    ]);

    expect(comments).toEqual(['ping', '']);
    expect(retries).toEqual([1500]);
    expect(events).toEqual([]);
  });

  it('skips a leading BOM, ignores an id with NUL and unknown fields', () => {
    const { events } = parse(['\uFEFFid: 1\nid: a\0b\nfoo: bar\ndata: z\n\n']);

    expect(events).toEqual([
      { type: 'message', data: 'z', lastEventId: '1', id: '1' },
    ]);
  });

  it('holds an unterminated event until its blank line arrives', () => {
    const { events, parser } = parse(['data: partial']);

    expect(events).toEqual([]);
    expect(parser.pendingLength).toBe('data: partial'.length);

    parser.feed('\n\n');
    expect(events).toHaveLength(1);
    expect(parser.pendingLength).toBe(0);
  });
});
