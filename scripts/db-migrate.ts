/**
 * `npm run db:migrate`: creates the database named by DATABASE_URL when it
 * is missing, then applies the committed SQL under prisma/migrations that
 * it has not seen. Needs PostgreSQL and nothing from the network.
 */
import { ensureDatabase, isDbError, runMigrations } from '@cellplane/db';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgresql://postgres@127.0.0.1:5432/cellplane'),
});

async function main(): Promise<number> {
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    console.error(`db:migrate: ${z.prettifyError(env.error)}`);
    return 2;
  }

  const databaseUrl = env.data.DATABASE_URL;
  const where = new URL(databaseUrl);
  const target = `${where.hostname}:${where.port || 5432}${where.pathname}`;

  if (await ensureDatabase(databaseUrl)) {
    console.log(`db:migrate: created database ${target}`);
  }

  const result = await runMigrations({ databaseUrl });

  for (const name of result.applied) console.log(`db:migrate: applied ${name}`);
  console.log(
    `db:migrate: ${target} up to date (${result.applied.length} applied now, ${result.alreadyApplied} before)`,
  );

  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = isDbError(error) ? `${error.code}: ` : '';
    const message = error instanceof Error ? error.message : String(error);
    console.error(`db:migrate: ${code}${message}`);
    process.exitCode = 1;
  },
);
