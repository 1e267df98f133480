export * from './common';
export * from './env';
export * from './errors';
export * from './events';
export * from './identity';
export * from './logging';
export * from './jobs';
export * from './socket';
export { z } from './zod';
