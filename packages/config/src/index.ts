export { ConfigError, configReference, loadConfig } from './load-config.ts';
export { areas, type Config } from './schema.ts';
