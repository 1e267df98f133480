import { DataSource } from 'typeorm';
import type { BaseRepository } from './transaction';

type RepositoryClass = new (dataSource: DataSource) => BaseRepository | object;

/**
 * Dependency-injection providers for repository classes, as plain objects any container with a
 * `DataSource` token understands (both Nest apps use them; this lib imports no Nest).
 */
export function repositoryProviders(classes: RepositoryClass[]) {
  return classes.map((repository) => ({
    provide: repository,
    useFactory: (dataSource: DataSource) => new repository(dataSource),
    inject: [DataSource],
  }));
}
