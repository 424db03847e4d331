import type { ZodError } from 'zod';

export interface FieldErrors {
  /** Problems with the input as a whole. */
  formErrors: string[];
  /** Problems by field path (`instances.0.url`), for forms. */
  fieldErrors: Record<string, string[]>;
}

/** Zod issues keyed by their full path, so nested fields keep theirs. */
export function fieldErrorsOf(error: ZodError): FieldErrors {
  const result: FieldErrors = { formErrors: [], fieldErrors: {} };

  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (path === '') {
      result.formErrors.push(issue.message);
    } else {
      (result.fieldErrors[path] ??= []).push(issue.message);
    }
  }

  return result;
}

/**
 * One line naming each field with its problems, for `error.message`:
 * `reason: Too small: ...; limit: ...`. Form-level problems come first,
 * without a field name.
 */
export function validationMessageOf(errors: FieldErrors): string {
  const parts = [
    ...errors.formErrors,
    ...Object.entries(errors.fieldErrors).map(
      ([path, messages]) => `${path}: ${messages.join(', ')}`,
    ),
  ];

  return parts.join('; ').replace(/\s+/g, ' ');
}
