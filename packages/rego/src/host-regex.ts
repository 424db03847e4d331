/**
 * OPA's regex built-ins that return matches (`regex.find_n`,
 * `regex.find_all_string_submatch_n`, `regex.replace`), on JavaScript's
 * engine with the pattern translated from Go's RE2 syntax. RE2 syntax
 * without an exact JavaScript equivalent (Unicode classes `\pL`, `\C`,
 * the `U` flag, `\Q` inside a class) is an invalid pattern: undefined, as
 * the runtime's regex.match does with syntax it lacks.
 */

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** RE2 `\s` is ASCII whitespace without `\v`; JavaScript's is wider. */
const SPACE = '\\t\\n\\f\\r ';

const hexEscape = (c: string): string =>
  `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;

/** Translates an RE2 pattern to a JavaScript RegExp (flag `u`). */
export function re2(pattern: string, extraFlags = ''): RegExp | undefined {
  let flags = `u${extraFlags}`;
  let src = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    const f = lead[1] as string;
    if (f.includes('U')) return undefined;
    for (const c of f) if (!flags.includes(c)) flags += c;
    src = src.slice(lead[0].length);
  }

  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return undefined;
      i++;
      if (n === 'Q') {
        if (inClass) return undefined;
        const end = src.indexOf('\\E', i + 1);
        const lit = src.slice(i + 1, end < 0 ? undefined : end);
        out += [...lit].map(hexEscape).join('');
        i = end < 0 ? src.length : end + 1;
      } else if (n === 'A') {
        out += '(?<![\\s\\S])';
      } else if (n === 'z') {
        out += '(?![\\s\\S])';
      } else if (n === 's') {
        out += inClass ? SPACE : `[${SPACE}]`;
      } else if (n === 'S') {
        if (inClass) return undefined;
        out += `[^${SPACE}]`;
      } else if ('pPCZ'.includes(n)) {
        return undefined;
      } else if (/[A-Za-z0-9]/.test(n)) {
        out += `\\${n}`;
      } else {
        out += hexEscape(n);
      }
    } else if (inClass && c === '[' && src[i + 1] === ':') {
      const end = src.indexOf(':]', i + 2);
      const name = src.slice(i + 2, end);
      const negated = name.startsWith('^');
      const set = POSIX[negated ? name.slice(1) : name];
      if (end < 0 || set === undefined || negated) return undefined;
      out += set;
      i = end + 1;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
    } else if (!inClass && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (inClass && '-[]'.indexOf(c) < 0 && /[^\w\s]/.test(c)) {
      out += hexEscape(c);
    } else {
      out += c;
    }
  }
  if (inClass) return undefined;

  try {
    return new RegExp(out, `${flags}g`);
  } catch {
    return undefined;
  }
}

/**
 * Go's FindAll: successive non-overlapping matches, at most `n` (all when
 * negative); an empty match right after the previous match is skipped.
 */
export function findAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let prevEnd = -1;
  re.lastIndex = 0;
  while (n < 0 || out.length < n) {
    const m = re.exec(s);
    if (!m) break;
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      re.lastIndex = end + ((s.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
      if (m.index === prevEnd) continue;
    }
    out.push(m);
    prevEnd = end;
  }

  return out;
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(
    /\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (whole, braced?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare) as string;
      const group = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
      return group ?? '';
    },
  );
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v);

export const regexBuiltins = {
  'regex.find_n': (p: unknown, s: unknown, n: unknown): unknown => {
    if (!isString(p) || !isString(s) || !isInt(n)) return undefined;
    const re = re2(p);

    return re ? findAll(re, s, n).map((m) => m[0]) : undefined;
  },
  'regex.find_all_string_submatch_n': (
    p: unknown,
    s: unknown,
    n: unknown,
  ): unknown => {
    if (!isString(p) || !isString(s) || !isInt(n)) return undefined;
    const re = re2(p);

    return re
      ? findAll(re, s, n).map((m) => [...m].map((g) => g ?? ''))
      : undefined;
  },
  'regex.replace': (s: unknown, p: unknown, value: unknown): unknown => {
    if (!isString(s) || !isString(p) || !isString(value)) return undefined;
    const re = re2(p);
    if (!re) return undefined;
    let out = '';
    let last = 0;
    for (const m of findAll(re, s, -1)) {
      out += s.slice(last, m.index) + expand(value, m);
      last = m.index + m[0].length;
    }

    return out + s.slice(last);
  },
};
