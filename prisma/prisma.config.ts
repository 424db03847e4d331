import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

/**
 * Prisma CLI configuration (pass `--config prisma/prisma.config.ts`).
 *
 * `engine: 'js'` runs the schema engine as WebAssembly through the pg driver
 * adapter. Without it every `generate` and `migrate` first downloads a native
 * schema engine from binaries.prisma.sh, which is unreachable here.
 *
 * The schema's `url = env("DATABASE_URL")` must resolve or the CLI cannot
 * read the generator block, assumes the library engine and tries to
 * download that too; so a loopback default is set when none is given.
 * `generate` never connects; `migrate diff` connects only to read the
 * server version and writes nothing.
 */
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';

const connectionString = process.env.DATABASE_URL;

export default defineConfig({
  schema: './schema.prisma',
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => new PrismaPg({ connectionString }),
});
