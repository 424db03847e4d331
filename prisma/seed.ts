/**
 * `npm run db:seed`: the case-study topology (3 regions, 6 cells, 12
 * instances), 10,000 tenants and the four console users. Safe to re-run;
 * see seed/seed-database.ts for what a re-run touches.
 */
import { createDb } from '@cellplane/db';
import { z } from 'zod';

import { seedDatabase } from './seed/seed-database';

const envSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgresql://postgres@127.0.0.1:5432/cellplane'),
  CELLPLANE_SEED_PASSWORD: z.string().min(8).default('cellplane-demo'),
});

async function main(): Promise<number> {
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    console.error(`db:seed: ${z.prettifyError(env.error)}`);
    return 2;
  }

  const started = performance.now();
  const db = createDb(env.data.DATABASE_URL);

  try {
    const result = await seedDatabase(db, {
      password: env.data.CELLPLANE_SEED_PASSWORD,
    });
    const ms = Math.round(performance.now() - started);
    const inserted = Object.entries(result)
      .map(([table, count]) => `${table} ${count}`)
      .join(', ');
    console.log(`db:seed: done in ${ms} ms; inserted ${inserted}`);

    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('db:seed: failed:', error);
    process.exitCode = 1;
  },
);
