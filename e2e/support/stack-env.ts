/**
 * What the global setup started, handed to the test workers through their
 * environment (Playwright starts workers after the global setup has run).
 */
export interface StackEnv {
  /** Origin of the console under test, e.g. http://127.0.0.1:41234. */
  readonly consoleUrl: string;
  /** Password the seed gave every console user for this run. */
  readonly seedPassword: string;
}

/** The gateway the global setup starts; the fleet page must list it. */
export const E2E_GATEWAY_ID = 'gw-e2e-1';

const CONSOLE_URL = 'CELLPLANE_E2E_CONSOLE_URL';
const SEED_PASSWORD = 'CELLPLANE_E2E_SEED_PASSWORD';

export function publishStackEnv(stack: StackEnv): void {
  process.env[CONSOLE_URL] = stack.consoleUrl;
  process.env[SEED_PASSWORD] = stack.seedPassword;
}

export function readStackEnv(): StackEnv {
  const consoleUrl = process.env[CONSOLE_URL];
  const seedPassword = process.env[SEED_PASSWORD];
  if (!consoleUrl || !seedPassword) {
    throw new Error(
      'the console stack is not running: run the browser tests with ' +
        '`npm run test:e2e`, whose global setup starts it',
    );
  }

  return { consoleUrl, seedPassword };
}
