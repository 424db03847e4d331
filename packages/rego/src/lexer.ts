import { RegoError } from './rego-error';

export type TokenKind =
  'ident' | 'number' | 'string' | 'template' | 'op' | 'eof';

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
  /** Parts of a template string: literal text or an expression's source. */
  parts?: TemplatePart[];
}

export type TemplatePart =
  { text: string } | { source: string; line: number; col: number };

/** Where a token list starts, for expressions inside template strings. */
export interface Origin {
  line: number;
  col: number;
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
export function tokenize(
  source: string,
  file: string,
  origin: Origin = { line: 1, col: 1 },
): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = origin.line;
  let lineStart = 1 - origin.col;
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
      // Template strings: `\{` is a literal brace; `{expr}` an expression
      // whose source the parser parses on its own, with its position.
      const raw = source[i + 1] === '`';
      const quote = raw ? '`' : '"';
      const startLine = line;
      const parts: TemplatePart[] = [];
      let text = '';
      i += 2;
      for (;;) {
        const d = source[i];
        if (d === undefined || (!raw && d === '\n')) {
          fail(`unterminated template string, expected ${quote}`, start);
        }
        if (d === quote) break;
        if (d === '\\' && source[i + 1] === '{') {
          text += '{';
          i += 2;
          continue;
        }
        if (d === '\\' && !raw) {
          const e = source[i + 1] ?? '';
          const mapped = ESCAPES[e];
          if (mapped === undefined) fail(`invalid escape \\${e}`, i);
          text += mapped;
          i += 2;
          continue;
        }
        if (d === '{') {
          const exprLine = line;
          const exprCol = i + 1 - lineStart + 1;
          let depth = 1;
          let j = i + 1;
          while (j < source.length && depth > 0) {
            const x = source[j] as string;
            if (x === '"' || x === '`') {
              const close = x === '"' ? /(?<!\\)"/g : /`/g;
              close.lastIndex = j + 1;
              const m = close.exec(source);
              if (!m) break;
              j = m.index + 1;
              continue;
            }
            if (x === '{') depth++;
            if (x === '}') depth--;
            if (x === '\n') {
              line++;
              lineStart = j + 1;
            }
            j++;
          }
          if (depth > 0) fail('"}" closing the template expression', i);
          if (text !== '') parts.push({ text });
          text = '';
          parts.push({
            source: source.slice(i + 1, j - 1),
            line: exprLine,
            col: exprCol,
          });
          i = j;
          continue;
        }
        if (d === '\n') {
          line++;
          lineStart = i + 1;
        }
        text += d;
        i++;
      }
      i++;
      if (text !== '') parts.push({ text });
      tokens.push({
        kind: 'template',
        text: '',
        line: startLine,
        col,
        nlBefore: nl,
        index: tokens.length,
        parts,
      });
      nl = false;
      continue;
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
