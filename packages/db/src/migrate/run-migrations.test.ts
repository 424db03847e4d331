import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withDatabase } from '../database-url';
import { DbError } from '../db-error';
import { MIGRATIONS_DIR } from './migrations-dir';
import { runMigrations } from './run-migrations';

const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TABLES = [
  'ActivePolicy',
  'AuditLog',
  'Cell',
  'ConfigSnapshot',
  'Decision',
  'DecisionLoss',
  'EdgeRoute',
  'ForcedDegradation',
  'GatewayStatus',
  'Instance',
  'Override',
  'PolicyBundle',
  'Region',
  'RevokedToken',
  'Session',
  'Tenant',
  'TokenIssuer',
  'User',
];

const created: string[] = [];
const tempDirs: string[] = [];

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function uniqueName(label: string) {
  const name = `cp_test_migrate_${label}_${randomBytes(4).toString('hex')}`;
  created.push(name);

  return name;
}

async function emptyDatabase(label: string) {
  const name = uniqueName(label);
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);

  return withDatabase(ADMIN_URL, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function publicTables(url: string) {
  const rows = await query<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' ORDER BY table_name`,
  );

  return rows.map((row) => row.table_name);
}

/** A copy of the committed migrations plus extra folders, in a temp dir. */
async function migrationsWith(extra: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'cp-migrations-'));
  tempDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });

  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }

  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<DbError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DbError);

  return error as DbError;
}

afterAll(async () => {
  for (const name of created) {
    await admin(
      `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`,
    );
  }
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('npm run db:migrate', () => {
  const name = uniqueName('cli');
  const url = withDatabase(ADMIN_URL, name);

  const migrate = () =>
    promisify(execFile)('npm', ['run', '--silent', 'db:migrate'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });

  it('creates a missing database and migrates it from empty', async () => {
    const { stdout } = await migrate();

    expect(stdout).toContain(`created database 127.0.0.1:5432/${name}`);
    expect(stdout).toContain('applied 20261204164507_init');
    expect(await publicTables(url)).toEqual(TABLES);
  }, 60_000);

  it('is a no-op when run again', async () => {
    const before = await query(url, 'SELECT * FROM cellplane_meta.migrations');

    const { stdout } = await migrate();

    expect(stdout).not.toContain('applied 2');
    expect(stdout).toContain(`(0 applied now, ${before.length} before)`);
    expect(await query(url, 'SELECT * FROM cellplane_meta.migrations')).toEqual(
      before,
    );
  }, 60_000);
});

describe('runMigrations', () => {
  let url: string;

  beforeAll(async () => {
    url = await emptyDatabase('runner');
    await runMigrations({ databaseUrl: url });
  }, 30_000);

  it('records every committed migration once', async () => {
    const again = await runMigrations({ databaseUrl: url });

    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['UPDATE', `UPDATE "AuditLog" SET "action" = 'forged'`],
    ['DELETE', `DELETE FROM "AuditLog"`],
    ['DELETE', `DELETE FROM "AuditLog" WHERE false`],
    ['TRUNCATE', `TRUNCATE "AuditLog"`],
  ])('refuses %s on the audit log: %s', async (op, sql) => {
    await query(
      url,
      `INSERT INTO "AuditLog" ("actorId", "actorEmail", "action",
         "targetType", "targetId")
       VALUES ('u-1', 'admin@cellplane.local', 'cell.create', 'cell', 'c-1')`,
    );

    const error = await query(url, sql).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: '23001',
      message: `AuditLog is append-only: ${op} refused`,
    });
    expect(
      (await query<{ n: string }>(url, 'SELECT count(*) AS n FROM "AuditLog"'))
        .length,
    ).toBe(1);
  });

  it('rolls a failing migration back whole and records nothing', async () => {
    const dir = await migrationsWith({
      '20991231000000_broken': `
        CREATE TABLE "Probe" ("id" integer);
        INSERT INTO "Probe" VALUES (1);
        SELECT 1 / 0;
      `,
    });

    const error = await rejection(
      runMigrations({ databaseUrl: url, migrationsDir: dir }),
    );

    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toContain('20991231000000_broken');
    expect(error.message).toContain('division by zero');
    expect(await publicTables(url)).not.toContain('Probe');
    expect(
      await query(
        url,
        `SELECT 1 FROM cellplane_meta.migrations
         WHERE name = '20991231000000_broken'`,
      ),
    ).toEqual([]);
  });

  it('applies a later migration after the failure is fixed', async () => {
    const dir = await migrationsWith({
      '20991231000000_probe': `
        CREATE FUNCTION "probe_answer"() RETURNS integer
        LANGUAGE plpgsql AS $$ BEGIN RETURN 42; END; $$;
        CREATE TABLE "Probe" ("id" integer DEFAULT "probe_answer"());
      `,
    });

    const result = await runMigrations({
      databaseUrl: url,
      migrationsDir: dir,
    });

    expect(result.applied).toEqual(['20991231000000_probe']);
    expect(await publicTables(url)).toContain('Probe');
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = await migrationsWith({
      '20991231000000_probe': `CREATE TABLE "Probe" ("id" bigint);`,
    });

    const error = await rejection(
      runMigrations({ databaseUrl: url, migrationsDir: dir }),
    );

    expect(error.code).toBe('MIGRATION_CHANGED');
  });

  it('refuses a database that holds a migration this checkout lacks', async () => {
    const error = await rejection(runMigrations({ databaseUrl: url }));

    expect(error.code).toBe('MIGRATION_UNKNOWN');
    expect(error.message).toContain('20991231000000_probe');
  });
});

describe('runMigrations on files it must refuse before touching the database', () => {
  it.each([
    ['MIGRATION_EMPTY', '-- CreateTable\n\n-- only a header\n'],
    ['MIGRATION_TRANSACTION_CONTROL', 'BEGIN;\nCREATE TABLE "P" (i int);\n'],
    ['MIGRATION_TRANSACTION_CONTROL', 'CREATE TABLE "P" (i int);\ncommit ;\n'],
  ])('%s', async (code, sql) => {
    const url = await emptyDatabase('refuse');
    const dir = await migrationsWith({ '20991231000000_bad': sql });

    const error = await rejection(
      runMigrations({ databaseUrl: url, migrationsDir: dir }),
    );

    expect(error.code).toBe(code);
    expect(await publicTables(url)).toEqual([]);
  });
});
