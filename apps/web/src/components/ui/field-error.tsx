import type { FieldErrors } from '@/lib/api-error';

interface FieldErrorProps {
  errors: FieldErrors;
  field: string;
}

/** The control-api's validation messages for one form field. */
export function FieldError({ errors, field }: FieldErrorProps) {
  const messages = errors[field];
  if (!messages || messages.length === 0) return null;

  return (
    <span className="field-error" id={`${field}-error`} role="alert">
      {messages.join('; ')}
    </span>
  );
}
