import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { dialectOf, type Db } from './db';
import { AppError } from '../errors';

/**
 * Migrations come from the module manifests. Names start with a 4-digit block so that the global
 * alphabetical order Kysely applies is the module order (kernel 0001…, catalog 0100…, …).
 */
export function buildMigrator(db: Db, migrations: Record<string, Migration>, schema?: string): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  return new Migrator({
    db,
    provider,
    migrationTableName: 'kernel_migrations',
    migrationLockTableName: 'kernel_migrations_lock',
    migrationTableSchema: schema,
    // Upgrades: a release may add a module whose block sorts before one already applied (evaluations
    // 0400 after hotline 0500 went live). Blocks never depend on later blocks, so applying the missing
    // ones is safe, where Kysely's default would refuse to start the upgraded server.
    allowUnorderedMigrations: true,
  });
}

/**
 * On PostgreSQL the migrator is told the current schema: without it Kysely looks for its lock table in
 * every schema, so a second database schema on the same server (parallel test runs) made it skip creating
 * its own lock table and fail.
 */
async function currentSchema(db: Db): Promise<string | undefined> {
  if (dialectOf(db) !== 'postgres') return undefined;
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  return r.rows[0]?.s ?? undefined;
}

export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  const { error, results } = await buildMigrator(db, migrations, await currentSchema(db)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new AppError('MIGRATION_FAILED', 500, `migration ${failed ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
