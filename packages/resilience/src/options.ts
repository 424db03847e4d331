import { ResilienceError } from './resilience-error';

/**
 * The numeric settings of `defaults`, each taken from `options` when given
 * there. Only keys of `defaults` are read, so callbacks and clocks passed in
 * the same options object stay out.
 */
export function withDefaults<Settings extends Record<string, number>>(
  defaults: Settings,
  options: Partial<Record<keyof Settings, number | undefined>>,
): { [K in keyof Settings]: number } {
  const settings = { ...defaults } as { [K in keyof Settings]: number };

  for (const key of Object.keys(defaults) as (keyof Settings)[]) {
    const value = options[key];
    if (value !== undefined) settings[key] = value;
  }

  return settings;
}

/** Throws RESILIENCE_INVALID_OPTIONS unless `value` is finite and valid. */
export function requireOption(
  name: string,
  value: number,
  valid: (value: number) => boolean,
  expected: string,
): void {
  if (!Number.isFinite(value) || !valid(value)) {
    throw new ResilienceError(
      'RESILIENCE_INVALID_OPTIONS',
      `${name} must be ${expected}, got ${value}`,
    );
  }
}

export const isPositive = (value: number) => value > 0;
export const isCount = (value: number) => Number.isInteger(value) && value >= 1;
