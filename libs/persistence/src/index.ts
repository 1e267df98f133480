export * from './data-source';
export * from './entities';
export { MIGRATIONS } from './migrations';
export * from './repositories';
export * from './seed/demo-data';
export * from './seed/demo-seed';
export * from './transaction';
export * from './providers';
