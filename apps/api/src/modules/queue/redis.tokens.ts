/** The API's shared ioredis connection (queues, health, socket adapter duplicates it). */
export const REDIS = Symbol('REDIS');
