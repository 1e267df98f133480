import 'reflect-metadata';
import { createApiApp } from './app.factory';
import { loadApiConfig, readProcessEnv } from './config/api-config';

async function bootstrap(): Promise<void> {
  const config = loadApiConfig(readProcessEnv());
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
}

bootstrap().catch((error: unknown) => {
  // The logger may not exist yet (bad config): one plain line on stderr, then a non-zero exit.
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
