/** Startup configuration that cannot run; lists every problem found. */
export class ConfigError extends Error {
  readonly code = 'GATEWAY_CONFIG_INVALID';

  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`gateway configuration is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
