// The store layer's public face: the Db port, its adapters, the migrator and the case store.
export {
  type Db,
  PG_UNIQUE_VIOLATION,
  type Sql,
  type SqlResult,
  sqlState,
  type TransactionOptions,
} from './db';
export { checksumOf, MIGRATIONS_DIR, type Migration, migrate, readMigrations } from './migrate';
export {
  DEFAULT_DATA_DIR,
  dropSchema,
  openDb,
  openDbFromEnv,
  openScratchDb,
  type ScratchDb,
} from './open-db';
export { openPostgres } from './pg-db';
export { openPglite } from './pglite-db';
export { describeSchema, SCHEMA_SNAPSHOT_PATH } from './schema-snapshot';
