import { ApiEnv, parseEnvironment } from '@dz/contracts';

/** The API's settings, validated once; a bad value throws an Error naming the variable. */
export type ApiConfig = ApiEnv;

export const API_CONFIG = Symbol('API_CONFIG');

export function loadApiConfig(source: Record<string, string | undefined>): ApiConfig {
  return parseEnvironment(ApiEnv, source);
}

/** The only place the API reads process.env. */
export function readProcessEnv(): Record<string, string | undefined> {
  return process.env;
}
