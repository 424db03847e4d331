import { readFileSync } from 'node:fs';

import { PolicyError } from './policy-error';

/** A JSON file's value; a file that is not JSON is named in the error. */
export function readJsonFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const reason =
      text.trim() === ''
        ? 'the file is empty'
        : cause instanceof Error
          ? cause.message
          : String(cause);

    throw new PolicyError(
      'POLICY_JSON_INVALID',
      `${path} is not JSON: ${reason}`,
      { cause },
    );
  }
}
