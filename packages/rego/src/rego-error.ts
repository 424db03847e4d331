/** Stable codes of the errors the compiler reports. */
export type RegoErrorCode =
  | 'REGO_PARSE'
  | 'REGO_UNSAFE_VAR'
  | 'REGO_RECURSION'
  | 'REGO_ARITY'
  | 'REGO_UNDEFINED_FUNCTION'
  | 'REGO_UNSUPPORTED'
  | 'REGO_RUNTIME'
  | 'REGO_TYPE';

/** A position in a source file, 1-based. */
export interface Location {
  file: string;
  line: number;
  col: number;
}

/**
 * An error the compiler reports about a policy. The message starts with
 * `file:line:col:` so that command-line tools can print it as is.
 */
export class RegoError extends Error {
  readonly code: RegoErrorCode;
  readonly location: Location | undefined;
  readonly detail: string;

  constructor(
    code: RegoErrorCode,
    detail: string,
    location?: Location,
    options?: { cause?: unknown },
  ) {
    const where = location
      ? `${location.file}:${location.line}:${location.col}: `
      : '';
    super(`${where}${detail}`, options);
    this.name = 'RegoError';
    this.code = code;
    this.location = location;
    this.detail = detail;
  }
}

/** The error for a construct the compiler does not support yet. */
export function unsupported(construct: string, location?: Location): RegoError {
  return new RegoError(
    'REGO_UNSUPPORTED',
    `unsupported: ${construct}`,
    location,
  );
}
