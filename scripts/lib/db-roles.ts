import { Client } from 'pg';

/** The application's database role, created by the HardenIdentity migration without LOGIN. */
export const APP_ROLE = 'dz_app';

/**
 * Lets the application role log in with `password` (run as the database owner, after the
 * migrations) and returns the URL the api and worker use: same server and database, app role.
 */
export async function enableAppLogin(ownerUrl: string, password: string): Promise<string> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}
