import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PRISMA_CLI = `${REPO_ROOT}node_modules/prisma/build/index.js`;

describe('prisma/migrations/migrated.prisma', () => {
  // new-migration.sh records the datamodel it generated SQL for; a schema
  // edit without a new migration would leave the database behind the
  // generated client.
  it('matches prisma/schema.prisma: no schema change lacks a migration', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      [
        PRISMA_CLI,
        'migrate',
        'diff',
        '--config',
        'prisma/prisma.config.ts',
        '--from-schema-datamodel',
        'prisma/migrations/migrated.prisma',
        '--to-schema-datamodel',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          CHECKPOINT_DISABLE: '1',
          DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
        },
      },
    ).catch((error: { code?: number; stdout?: string }) => error);

    expect(result).not.toHaveProperty('code');
    expect(result.stdout).toContain('No difference detected');
  }, 120_000);
});
