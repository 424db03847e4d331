import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  Http1ResponseParser,
  type ResponseParseError,
  type ResponseSink,
} from './http1-response-parser';

/** Everything a parser reported, in order. */
interface Parsed {
  events: string[];
  status: number;
  headers: string[];
  body: Buffer;
  complete: boolean;
  error: string | null;
  keepAlive: boolean;
}

class Recorder implements ResponseSink {
  readonly parsed: Parsed = {
    events: [],
    status: 0,
    headers: [],
    body: Buffer.alloc(0),
    complete: false,
    error: null,
    keepAlive: false,
  };

  parser: Http1ResponseParser | null = null;

  pauseBody = false;

  onResponseHead(statusCode: number, rawHeaders: string[]): boolean {
    this.parsed.events.push('head');
    this.parsed.status = statusCode;
    this.parsed.headers = rawHeaders;

    return true;
  }

  onResponseBody(chunk: Buffer): boolean {
    this.parsed.events.push('body');
    this.parsed.body = Buffer.concat([this.parsed.body, chunk]);

    return !this.pauseBody;
  }

  onResponseComplete(): void {
    this.parsed.events.push('complete');
    this.parsed.complete = true;
    this.parsed.keepAlive = this.parser!.keepAlive;
  }

  onResponseError(error: ResponseParseError): void {
    this.parsed.events.push('error');
    this.parsed.error = error.message;
  }
}

interface ParseOptions {
  head?: boolean;
  close?: boolean;
  maxHeaderBytes?: number;
}

/** Feeds `chunks` to a fresh parser awaiting one response. */
function parse(chunks: Array<string | Buffer>, options: ParseOptions = {}) {
  const recorder = new Recorder();
  const parser = new Http1ResponseParser(recorder, {
    maxHeaderBytes: options.maxHeaderBytes,
  });
  recorder.parser = parser;
  parser.expect(options.head ?? false);
  for (const chunk of chunks) {
    parser.execute(
      typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk,
    );
  }
  if (options.close) parser.end();

  return recorder.parsed;
}

function errorOf(input: string, options: ParseOptions = {}): string | null {
  return parse([input], options).error;
}

describe('Http1ResponseParser: heads', () => {
  it('reports the status and raw headers, trimmed, in their case', () => {
    const parsed = parse([
      'HTTP/1.1 200 OK\r\nContent-Type: \t text/plain \t\r\n',
      'X-Empty:\r\nx-Latin: caf\xe9\r\nContent-Length: 2\r\n\r\nhi',
    ]);

    expect(parsed.error).toBeNull();
    expect(parsed.status).toBe(200);
    expect(parsed.headers).toEqual([
      'Content-Type',
      'text/plain',
      'X-Empty',
      '',
      'x-Latin',
      'caf\xe9',
      'Content-Length',
      '2',
    ]);
    expect(parsed.body.toString()).toBe('hi');
    expect(parsed.events).toEqual(['head', 'body', 'complete']);
    expect(parsed.keepAlive).toBe(true);
  });

  it('accepts an empty reason phrase, with or without its space', () => {
    for (const line of ['HTTP/1.1 204 ', 'HTTP/1.1 204']) {
      const parsed = parse([`${line}\r\n\r\n`]);
      expect(parsed.error).toBeNull();
      expect(parsed.complete).toBe(true);
    }
  });

  it.each([
    ['HTTP/2 200 OK', 'status line'],
    ['HTTP/1.2 200 OK', 'status line'],
    ['http/1.1 200 OK', 'status line'],
    ['HTTP/1.1 20 OK', 'status line'],
    ['HTTP/1.1 2000 OK', 'status line'],
    ['HTTP/1.1 099 OK', 'status line'],
    ['ICY 200 OK', 'status line'],
  ])('refuses the status line %j', (line, message) => {
    expect(errorOf(`${line}\r\nContent-Length: 0\r\n\r\n`)).toContain(message);
  });

  it.each([
    ['a bare LF', 'HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n', 'bare LF'],
    ['a bare LF ending the head', 'HTTP/1.1 200 OK\r\n\n', 'bare LF'],
    ['an obs-fold', 'HTTP/1.1 200 OK\r\nA: b\r\n  c\r\n\r\n', 'obs-fold'],
    ['a tab fold', 'HTTP/1.1 200 OK\r\nA: b\r\n\tc\r\n\r\n', 'obs-fold'],
    ['no colon', 'HTTP/1.1 200 OK\r\nNoColon\r\n\r\n', 'no colon'],
    ['a space before the colon', 'HTTP/1.1 200 OK\r\nA : b\r\n\r\n', 'token'],
    ['an empty name', 'HTTP/1.1 200 OK\r\n: b\r\n\r\n', 'token'],
    ['a name with @', 'HTTP/1.1 200 OK\r\nA@b: c\r\n\r\n', 'token'],
    ['a CR in a value', 'HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n', 'CR or NUL'],
    ['a NUL in a value', 'HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n', 'CR or NUL'],
  ])('refuses %s', (_, input, message) => {
    expect(errorOf(input)).toContain(message);
  });

  it('bounds the head, counting from the status line', () => {
    const head = `HTTP/1.1 200 OK\r\nA: ${'x'.repeat(100)}\r\n\r\n`;

    expect(errorOf(head, { maxHeaderBytes: head.length })).toBeNull();
    expect(errorOf(head, { maxHeaderBytes: head.length - 1 })).toContain(
      'size limit',
    );
  });

  it('refuses an overlong head before it is whole', () => {
    const parsed = parse(['HTTP/1.1 200 OK\r\nA: ', 'x'.repeat(200)], {
      maxHeaderBytes: 100,
    });

    expect(parsed.error).toContain('size limit');
  });

  it('reads nothing more after an error', () => {
    const parsed = parse(['HTTP/1.1 200 OK\nA: b\r\n\r\n', 'HTTP/1.1 200 OK']);

    expect(parsed.events).toEqual(['error']);
  });
});

describe('Http1ResponseParser: framing', () => {
  it('skips interim responses other than 101', () => {
    const parsed = parse([
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n',
      'Link: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx',
    ]);

    expect(parsed.error).toBeNull();
    expect(parsed.status).toBe(200);
    expect(parsed.headers).toEqual(['Content-Length', '1']);
    expect(parsed.events).toEqual(['head', 'body', 'complete']);
  });

  it('refuses 101 Switching Protocols', () => {
    expect(errorOf('HTTP/1.1 101 Switching\r\nUpgrade: x\r\n\r\n')).toContain(
      '101',
    );
  });

  it.each([204, 304])('reads no body for %i, whatever the length', (code) => {
    const parsed = parse([`HTTP/1.1 ${code} X\r\nContent-Length: 5\r\n\r\n`]);

    expect(parsed.events).toEqual(['head', 'complete']);
    // A 204 may not announce a body: its connection is not trusted again.
    expect(parsed.keepAlive).toBe(code === 304);
  });

  it('reads no body for a response to HEAD', () => {
    const parsed = parse(['HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n'], {
      head: true,
    });

    expect(parsed.events).toEqual(['head', 'complete']);
  });

  it('reads a close-delimited body until the close, and never reuses', () => {
    const open = parse(['HTTP/1.1 200 OK\r\n\r\nab', 'cd']);
    expect(open.complete).toBe(false);

    const closed = parse(['HTTP/1.1 200 OK\r\n\r\nab', 'cd'], { close: true });
    expect(closed.body.toString()).toBe('abcd');
    expect(closed.complete).toBe(true);
    expect(closed.keepAlive).toBe(false);
  });

  it('reads chunks with extensions and discards trailers', () => {
    const parsed = parse([
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n',
      '3;name=value ; other\r\nabc\r\n0A\r\n0123456789\r\n',
      '0\r\nX-Trailer: t\r\nChecksum: 1\r\n\r\n',
    ]);

    expect(parsed.error).toBeNull();
    expect(parsed.body.toString()).toBe('abc0123456789');
    expect(parsed.headers).toEqual(['Transfer-Encoding', 'gzip, Chunked']);
    expect(parsed.complete).toBe(true);
  });

  it.each([
    ['a missing CRLF after chunk data', '3\r\nabcX\r\n0\r\n\r\n', 'CRLF'],
    ['a LF alone after chunk data', '3\r\nabc\n0\r\n\r\n', 'CRLF'],
    ['a size that is not hex', 'g\r\n', 'hex'],
    ['a negative size', '-1\r\n', 'hex'],
    ['a size of 13 digits', '1000000000000\r\n', 'hex'],
    ['a size with a bare LF', '3\nabc\r\n', 'bare LF'],
    ['a folded trailer', '0\r\nA: b\r\n c\r\n\r\n', 'obs-fold'],
    ['a trailer with no colon', '0\r\nnope\r\n\r\n', 'no colon'],
  ])('refuses %s', (_, body, message) => {
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

    expect(errorOf(head + body)).toContain(message);
  });

  it('bounds trailers like the head', () => {
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    const trailer = `0\r\nA: ${'x'.repeat(200)}\r\n\r\n`;

    expect(errorOf(head + trailer, { maxHeaderBytes: 100 })).toContain(
      'size limit',
    );
  });

  it('waits for the final CRLF of a chunked body', () => {
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

    expect(parse([`${head}0\r\n`]).complete).toBe(false);
    expect(parse([`${head}0\r\n\r`]).complete).toBe(false);
    expect(parse([`${head}0\r\n\r\n`]).complete).toBe(true);
  });

  it('refuses Transfer-Encoding with Content-Length', () => {
    const input =
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n';

    expect(errorOf(input)).toContain('both present');
  });

  it.each([
    ['chunked, identity', 'does not end with chunked'],
    ['identity', 'does not end with chunked'],
    ['gzip', 'does not end with chunked'],
    ['chunked, chunked', 'does not end with chunked'],
  ])('refuses Transfer-Encoding: %s', (coding, message) => {
    expect(
      errorOf(`HTTP/1.1 200 OK\r\nTransfer-Encoding: ${coding}\r\n\r\n`),
    ).toContain(message);
  });

  it('reads repeated Transfer-Encoding lines as one list', () => {
    const chunkedLast = parse([
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n',
      'Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n',
    ]);
    expect(chunkedLast.body.toString()).toBe('x');

    expect(
      errorOf(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n',
      ),
    ).toContain('does not end with chunked');
  });

  it.each([
    ['Content-Length: 3\r\nContent-Length: 4', 'differ'],
    ['Content-Length: 3, 4', 'differ'],
    ['Content-Length: -1', 'decimal'],
    ['Content-Length: 0x10', 'decimal'],
    ['Content-Length: +3', 'decimal'],
    ['Content-Length: 1.5', 'decimal'],
    ['Content-Length: ', 'decimal'],
    ['Content-Length: 3,', 'decimal'],
    ['Content-Length: 9007199254740992', 'too large'],
  ])('refuses %j', (header, message) => {
    expect(errorOf(`HTTP/1.1 200 OK\r\n${header}\r\n\r\nabcd`)).toContain(
      message,
    );
  });

  it('accepts repeated Content-Length values that agree', () => {
    const parsed = parse([
      'HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\ncontent-length: 003\r\n\r\nabc',
    ]);

    expect(parsed.error).toBeNull();
    expect(parsed.body.toString()).toBe('abc');
    // Relayed once, as the number: a client refuses a repeated length.
    expect(parsed.headers).toEqual(['Content-Length', '3']);
  });

  it('relays no Content-Length on a 204', () => {
    const parsed = parse([
      'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nA: b\r\n\r\n',
    ]);

    expect(parsed.error).toBeNull();
    expect(parsed.headers).toEqual(['A', 'b']);
  });
});

describe('Http1ResponseParser: reuse', () => {
  it.each([
    ['with a length', 'Content-Length: 5'],
    ['announcing a chunked body', 'Transfer-Encoding: chunked'],
  ])('does not keep a connection after a 204 %s', (_, framing) => {
    const parsed = parse([`HTTP/1.1 204 No Content\r\n${framing}\r\n\r\n`]);

    expect(parsed.error).toBeNull();
    expect(parsed.complete).toBe(true);
    expect(parsed.keepAlive).toBe(false);
  });

  it('keeps one after a HEAD or 304 that gives the length they leave out', () => {
    expect(
      parse(['HTTP/1.1 200 OK\r\nContent-Length: 46\r\n\r\n'], { head: true })
        .keepAlive,
    ).toBe(true);
    expect(
      parse(['HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n'])
        .keepAlive,
    ).toBe(true);
    expect(parse(['HTTP/1.1 204 No Content\r\n\r\n']).keepAlive).toBe(true);
  });

  function keepAliveOf(head: string): boolean {
    return parse([`${head}Content-Length: 0\r\n\r\n`]).keepAlive;
  }

  it('keeps HTTP/1.1 unless Connection lists close', () => {
    expect(keepAliveOf('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(keepAliveOf('HTTP/1.1 200 OK\r\nConnection: CLOSE\r\n')).toBe(false);
    expect(
      keepAliveOf('HTTP/1.1 200 OK\r\nConnection: x-foo , close\r\n'),
    ).toBe(false);
  });

  it('keeps HTTP/1.0 only with Connection: keep-alive', () => {
    expect(keepAliveOf('HTTP/1.0 200 OK\r\n')).toBe(false);
    expect(keepAliveOf('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n')).toBe(
      true,
    );
  });

  it('reads the Keep-Alive timeout hint', () => {
    const recorder = new Recorder();
    const parser = new Http1ResponseParser(recorder);
    recorder.parser = parser;
    parser.expect(false);
    parser.execute(
      Buffer.from(
        'HTTP/1.1 200 OK\r\nKeep-Alive: max=5, timeout=7\r\nContent-Length: 0\r\n\r\n',
      ),
    );

    expect(parser.keepAliveHintMs).toBe(7000);
  });

  it('spoils the connection with bytes after a response', () => {
    const trailing = parse(['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxy']);
    expect(trailing.complete).toBe(true);
    expect(trailing.keepAlive).toBe(false);

    const recorder = new Recorder();
    const parser = new Http1ResponseParser(recorder);
    recorder.parser = parser;
    parser.expect(false);
    parser.execute(Buffer.from('HTTP/1.1 204 No\r\n\r\n'));
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\n'));
    expect(recorder.parsed.error).toContain('no response awaited');
  });

  it('reads one response after another on the same connection', () => {
    const recorder = new Recorder();
    const parser = new Http1ResponseParser(recorder);
    recorder.parser = parser;

    for (const body of ['one', 'three']) {
      parser.expect(false);
      expect(parser.started).toBe(false);
      parser.execute(
        Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n`),
      );
      expect(parser.started).toBe(true);
      parser.execute(Buffer.from(`\r\n${body}`));
    }

    expect(recorder.parsed.body.toString()).toBe('onethree');
    expect(recorder.parsed.events.filter((e) => e === 'complete')).toHaveLength(
      2,
    );
  });

  it('holds the rest of a chunk while paused, the close included', () => {
    const recorder = new Recorder();
    const parser = new Http1ResponseParser(recorder);
    recorder.parser = parser;
    recorder.pauseBody = true;
    parser.expect(false);

    parser.execute(
      Buffer.from(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n',
      ),
    );
    parser.execute(Buffer.from('0\r\n\r\n'));
    expect(recorder.parsed.body.toString()).toBe('a');

    parser.resume();
    expect(recorder.parsed.body.toString()).toBe('ab');
    expect(recorder.parsed.complete).toBe(false);

    recorder.pauseBody = false;
    parser.resume();
    expect(recorder.parsed.complete).toBe(true);
    expect(recorder.parsed.events).toEqual([
      'head',
      'body',
      'body',
      'complete',
    ]);
  });

  it('completes a close-delimited body only once the held data is read', () => {
    const recorder = new Recorder();
    const parser = new Http1ResponseParser(recorder);
    recorder.parser = parser;
    recorder.pauseBody = true;
    parser.expect(false);

    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\n\r\nab'));
    parser.execute(Buffer.from('cd'));
    parser.end();
    expect(recorder.parsed.complete).toBe(false);

    recorder.pauseBody = false;
    parser.resume();
    expect(recorder.parsed.body.toString()).toBe('abcd');
    expect(recorder.parsed.complete).toBe(true);
  });
});

/** One valid response, its bytes and what a parser must report. */
interface Sample {
  bytes: Buffer;
  head: boolean;
  close: boolean;
  status: number;
  headers: string[];
  body: Buffer;
}

const NAME = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/)
  .filter(
    (name) =>
      ![
        'content-length',
        'transfer-encoding',
        'connection',
        'keep-alive',
      ].includes(name.toLowerCase()),
  );

const VALUE = fc.stringMatching(
  /^[!-~\x80-\xff]([ !-~\x80-\xff]{0,20}[!-~])?$/,
);

const BODY = fc
  .uint8Array({ maxLength: 300 })
  .map((bytes) => Buffer.from(bytes));

const SAMPLE: fc.Arbitrary<Sample> = fc
  .record({
    interim: fc.constantFrom(0, 1, 2),
    framing: fc.constantFrom(
      'length',
      'chunked',
      'close',
      'head',
      '204',
      '304',
    ),
    headers: fc.array(fc.tuple(NAME, VALUE), { maxLength: 6 }),
    body: BODY,
    cuts: fc.array(fc.nat({ max: 300 }), { maxLength: 6 }),
    extensions: fc.boolean(),
    trailers: fc.array(fc.tuple(NAME, VALUE), { maxLength: 3 }),
  })
  .map((spec) => buildSample(spec));

function buildSample(spec: {
  interim: number;
  framing: string;
  headers: Array<[string, string]>;
  body: Buffer;
  cuts: number[];
  extensions: boolean;
  trailers: Array<[string, string]>;
}): Sample {
  const headers = spec.headers.flat();
  const status =
    spec.framing === '204' ? 204 : spec.framing === '304' ? 304 : 200;
  let body = spec.body;
  let framed: string[] = [];
  let encoded = body;

  if (spec.framing === 'length' || spec.framing === 'head') {
    framed = ['Content-Length', String(body.length)];
  } else if (spec.framing === 'chunked') {
    framed = ['Transfer-Encoding', 'chunked'];
    encoded = chunked(body, spec.cuts, spec.extensions, spec.trailers);
  }
  if (spec.framing !== 'length' && spec.framing !== 'chunked') {
    if (spec.framing !== 'close') body = Buffer.alloc(0);
    if (spec.framing !== 'close') encoded = body;
  }

  const all = [...headers, ...framed];
  let head = '';
  for (let i = 0; i < spec.interim; i += 1) {
    head +=
      i === 0
        ? 'HTTP/1.1 100 Continue\r\n\r\n'
        : 'HTTP/1.1 103 EH\r\nLink: </x>\r\n\r\n';
  }
  head += `HTTP/1.1 ${status} Reason phrase\r\n`;
  for (let i = 0; i < all.length; i += 2)
    head += `${all[i]}: ${all[i + 1]}\r\n`;
  head += '\r\n';

  return {
    bytes: Buffer.concat([Buffer.from(head, 'latin1'), encoded]),
    head: spec.framing === 'head',
    close: spec.framing === 'close',
    status,
    headers: all,
    body,
  };
}

function chunked(
  body: Buffer,
  cuts: number[],
  extensions: boolean,
  trailers: Array<[string, string]>,
): Buffer {
  const edges = [...new Set(cuts.filter((cut) => cut < body.length))].sort(
    (a, b) => a - b,
  );
  const parts: Buffer[] = [];
  let from = 0;
  for (const edge of [...edges, body.length]) {
    if (edge <= from) continue;
    const ext = extensions ? ' ;a=1;b="x y"' : '';
    parts.push(Buffer.from(`${(edge - from).toString(16)}${ext}\r\n`));
    parts.push(body.subarray(from, edge), Buffer.from('\r\n'));
    from = edge;
  }
  let end = '0\r\n';
  for (const [name, value] of trailers) end += `${name}: ${value}\r\n`;
  parts.push(Buffer.from(`${end}\r\n`, 'latin1'));

  return Buffer.concat(parts);
}

/** The sample cut at `cuts` (positions, any order, duplicates allowed). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const edges = [...cuts.map((cut) => cut % (bytes.length + 1)), bytes.length];
  edges.sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const edge of edges) {
    pieces.push(bytes.subarray(from, edge));
    from = edge;
  }

  return pieces;
}

function expectParsedAs(sample: Sample, pieces: Buffer[]): void {
  const parsed = parse(pieces, { head: sample.head, close: sample.close });

  expect(parsed.error).toBeNull();
  expect(parsed.complete).toBe(true);
  expect(parsed.status).toBe(sample.status);
  expect(parsed.headers).toEqual(sample.headers);
  expect(parsed.body.equals(sample.body)).toBe(true);
  expect(parsed.keepAlive).toBe(!sample.close);
}

describe('Http1ResponseParser: any split', () => {
  it('parses small samples alike when split at every position', () => {
    const samples = fc.sample(
      SAMPLE.filter((sample) => sample.bytes.length < 400),
      { numRuns: 25, seed: 7 },
    );
    for (const sample of samples) {
      for (let at = 0; at <= sample.bytes.length; at += 1) {
        expectParsedAs(sample, split(sample.bytes, [at]));
      }
    }
  });

  it('parses larger samples alike whatever the random splits', () => {
    fc.assert(
      fc.property(
        SAMPLE,
        fc.array(fc.nat(), { maxLength: 40 }),
        (sample, cuts) => {
          expectParsedAs(sample, split(sample.bytes, cuts));
          expectParsedAs(
            sample,
            [...sample.bytes].map((byte) => Buffer.of(byte)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses smuggling-shaped responses whatever the splits', () => {
    const smuggling = [
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\nhello',
      'HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\nhello',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n Transfer-Encoding: chunked\r\n\r\n',
      'HTTP/1.1 200 OK\r\nX: y\r\n\tContent-Length: 5\r\n\r\nhello',
      'HTTP/1.1 200 OK\nContent-Length: 0\n\nHTTP/1.1 200 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 0\nX: y\r\n\r\n',
      'HTTP/1.1 200 OK\r\nX: a\0b\r\nContent-Length: 0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\0\r\nhello\r\n0\r\n\r\n',
    ].map((text) => Buffer.from(text, 'latin1'));

    fc.assert(
      fc.property(
        fc.constantFrom(...smuggling),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        (bytes, cuts, close) => {
          const parsed = parse(split(bytes, cuts), { close });

          expect(parsed.error).not.toBeNull();
          expect(parsed.complete).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
