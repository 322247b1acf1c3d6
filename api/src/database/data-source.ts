import { DataSource, DataSourceOptions } from 'typeorm';
import { DatabaseSettings } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The instance's database: SQLite (better-sqlite3) by default, PostgreSQL when DATABASE_URL is set. The
 * schema comes only from migrations, run at start-up; `synchronize` stays off.
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (settings.type === 'postgres') {
    return { ...common, type: 'postgres', url: settings.url, extra: { max: 10 } };
  }
  // WAL lets the projection read while the outbox worker writes; NORMAL sync is durable across a process
  // crash, which is the failure the outbox must survive.
  return { ...common, type: 'better-sqlite3', database: settings.path, enableWAL: true, prepareDatabase: (db: { pragma(sql: string): unknown }) => {
    db.pragma('synchronous = NORMAL');
  } };
}

/**
 * SQLite through better-sqlite3 is one connection: two transactions begun concurrently by TypeORM would
 * interleave on it and fail ("cannot start a transaction within a transaction"), so on SQLite they queue.
 * PostgreSQL gives each transaction its own pooled connection and needs no queue.
 */
class SqliteDataSource extends DataSource {
  private queue: Promise<unknown> = Promise.resolve();

  override transaction<T>(...args: unknown[]): Promise<T> {
    const begin = () => (DataSource.prototype.transaction as (...call: unknown[]) => Promise<T>).apply(this, args);
    const result = this.queue.then(begin, begin);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(settings: DatabaseSettings): Promise<DataSource> {
  const options = dataSourceOptions(settings);
  const dataSource = settings.type === 'better-sqlite3' ? new SqliteDataSource(options) : new DataSource(options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
