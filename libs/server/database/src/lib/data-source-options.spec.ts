import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

describe('dataSourceOptions', () => {
  const options = dataSourceOptions('postgres://hub:hub@127.0.0.1:5432/hub', { poolSize: 7 });

  it('should never let TypeORM change the schema by itself: only migrations do', () => {
    expect(options).toMatchObject({ synchronize: false, migrationsRun: false, migrationsTransactionMode: 'each' });
  });

  it('should list entities and migrations explicitly, since bundles cannot glob files', () => {
    expect(options.entities).toBe(ENTITIES);
    expect(options.migrations).toBe(MIGRATIONS);
  });

  it('should size the pool and bound the connect time', () => {
    expect(options.extra).toMatchObject({ max: 7, connectionTimeoutMillis: 5_000 });
  });
});
