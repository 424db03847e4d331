import { RegoError, unsupported } from './rego-error';

export type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier or operator text, number text, or decoded string value. */
  text: string;
  line: number;
  col: number;
  /** A newline separates this token from the previous one. */
  nlBefore: boolean;
  /** Position in the token list. */
  index: number;
}

const OPERATORS = [
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  '.',
  ':',
];

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Splits Rego source text into tokens with 1-based line:column. */
export function tokenize(source: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nl = false;

  const fail = (what: string, at: number): never => {
    throw new RegoError(`REGO_PARSE`, what, {
      file,
      line,
      col: at - lineStart + 1,
    });
  };

  while (i < source.length) {
    const c = source[i] as string;

    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      nl = true;
      continue;
    }

    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }

    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }

    const start = i;
    const col = i - lineStart + 1;
    const push = (kind: TokenKind, text: string): void => {
      tokens.push({
        kind,
        text,
        line,
        col,
        nlBefore: nl,
        index: tokens.length,
      });
      nl = false;
    };

    if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i] as string)) {
        i++;
      }
      push('ident', source.slice(start, i));
      continue;
    }

    if (/[0-9]/.test(c)) {
      const m = /^(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(
        source.slice(i),
      );
      const text = m?.[0] ?? c;
      i += text.length;
      if (/[A-Za-z_]/.test(source[i] ?? '')) {
        fail('expected a number', start);
      }
      push('number', text);
      continue;
    }

    if (c === '"') {
      i++;
      let value = '';
      for (;;) {
        const d = source[i];
        if (d === undefined || d === '\n') {
          fail('unterminated string, expected "', start);
        }
        if (d === '"') break;
        if (d === '\\') {
          const e = source[i + 1] ?? '';
          if (e === 'u') {
            const hex = source.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              fail('invalid \\u escape in string', i);
            }
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          const mapped = ESCAPES[e];
          if (mapped === undefined) fail(`invalid escape \\${e}`, i);
          value += mapped;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      push('string', value);
      continue;
    }

    if (c === '$' && (source[i + 1] === '"' || source[i + 1] === '`')) {
      throw unsupported('string interpolation', { file, line, col });
    }

    if (c === '`') {
      const startLine = line;
      const end = source.indexOf('`', i + 1);
      if (end < 0) fail('unterminated raw string, expected `', start);
      const value = source.slice(i + 1, end);
      for (const ch of value) {
        if (ch === '\n') {
          line++;
        }
      }
      if (value.includes('\n')) {
        lineStart = source.lastIndexOf('\n', end) + 1;
      }
      i = end + 1;
      tokens.push({
        kind: 'string',
        text: value,
        line: startLine,
        col,
        nlBefore: nl,
        index: tokens.length,
      });
      nl = false;
      continue;
    }

    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) fail(`unexpected character ${JSON.stringify(c)}`, i);
    i += (op as string).length;
    push('op', op as string);
  }

  tokens.push({
    kind: 'eof',
    text: '',
    line,
    col: i - lineStart + 1,
    nlBefore: true,
    index: tokens.length,
  });

  return tokens;
}
