import { createDataSource } from '../data-source';

// Only for the TypeORM CLI (`npm run migration:generate`): the apps build their DataSource from
// their validated config instead.
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must be set to generate migrations');

export default createDataSource({ url, poolSize: 1, applicationName: 'dz-typeorm-cli' });
