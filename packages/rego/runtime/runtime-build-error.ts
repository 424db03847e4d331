/** The AssemblyScript compiler rejected the runtime sources. */
export class RuntimeBuildError extends Error {
  readonly code = 'REGO_RUNTIME_BUILD_FAILED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeBuildError';
  }
}
