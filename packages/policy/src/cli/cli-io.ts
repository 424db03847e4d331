import { RegoError, type RegoErrorCode } from '@cellplane/rego';
import { PolicyError } from '../policy-error';

/** Where a command writes; injected so tests can capture output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The error names `opa` prints for each compiler error code. */
const OPA_CODES: Record<RegoErrorCode, string> = {
  REGO_PARSE: 'rego_parse_error',
  REGO_UNSAFE_VAR: 'rego_unsafe_var_error',
  REGO_RECURSION: 'rego_recursion_error',
  REGO_ARITY: 'rego_type_error',
  REGO_UNDEFINED_FUNCTION: 'rego_type_error',
  REGO_TYPE: 'rego_type_error',
  REGO_UNSUPPORTED: 'rego_unsupported_error',
  REGO_RUNTIME: 'rego_compile_error',
};

/** A usage error of the command line (exit code 1, like opa). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Formats an error the way `opa` does: a count line, then one line per
 * error with file:line:col. Unknown values are wrapped, never hidden.
 */
export function formatError(e: unknown): string {
  if (e instanceof RegoError) {
    const where = e.location
      ? `${e.location.file}:${e.location.line}:${e.location.col}: `
      : '';
    const detail = e.detail.replace(/^rego_[a-z_]+: /, '');
    return `1 error occurred: ${where}${OPA_CODES[e.code]}: ${detail}\n`;
  }
  if (e instanceof PolicyError) return `error: ${e.code}: ${e.message}\n`;
  if (e instanceof UsageError) return `error: ${e.message}\n`;

  return `error: ${e instanceof Error ? e.message : String(e)}\n`;
}

/** `data.a.b` or `a/b` to the slash form OPA's Wasm entrypoints use. */
export function toEntrypoint(ref: string): string {
  const trimmed = ref.trim();
  if (trimmed.includes('/')) return trimmed.replace(/^\/+/, '');

  return trimmed
    .replace(/^data\.?/, '')
    .split('.')
    .join('/');
}
