import type { Module } from './ast';

/**
 * Whether a rule of `modules` defines `entrypoint` (a slash path such as
 * `cellplane/authz/allow`): a rule at that path, a package above rules
 * (its whole document) or a key below a rule (of its object or set). An
 * entrypoint nothing defines still compiles, to an answer that is always
 * undefined: a gateway would deny every request it guards.
 */
export function definesEntrypoint(
  modules: readonly Module[],
  entrypoint: string,
): boolean {
  const at = `${entrypoint}/`;

  return modules.some((module) =>
    module.rules.some((rule) => {
      const path = `${rule.path.join('/')}/`;

      return path.startsWith(at) || at.startsWith(path);
    }),
  );
}
