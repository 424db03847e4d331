import { z } from 'zod';

const webEnvSchema = z.object({
  CONTROL_API_URL: z.url().default('http://127.0.0.1:4000'),
});

export interface WebConfig {
  /** Base URL of the control-api that /trpc is forwarded to (server side). */
  readonly controlApiUrl: string;
}

/** Parses the console's server-side environment once, listing every error. */
export function readWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  const parsed = webEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`invalid console configuration: ${problems}`);
  }

  return Object.freeze({
    controlApiUrl: parsed.data.CONTROL_API_URL.replace(/\/+$/, ''),
  });
}
