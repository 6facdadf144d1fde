import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db';
import { AppError } from '../errors';

/**
 * Migrations come from the module manifests. Names start with a 4-digit block so that the global
 * alphabetical order Kysely applies is the module order (kernel 0001…, catalog 0100…, …).
 */
export function buildMigrator(db: Db, migrations: Record<string, Migration>): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  return new Migrator({ db, provider, migrationTableName: 'kernel_migrations', migrationLockTableName: 'kernel_migrations_lock' });
}

export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  const { error, results } = await buildMigrator(db, migrations).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new AppError('MIGRATION_FAILED', 500, `migration ${failed ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
