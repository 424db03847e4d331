import { DbError } from './db-error';

/** The database a `postgres://` URL names; refuses a URL that names none. */
export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(parseUrl(databaseUrl).pathname.slice(1));
  if (!name) {
    throw new DbError('DATABASE_URL_INVALID', 'the URL names no database');
  }

  return name;
}

/** The same server and credentials, another database. */
export function withDatabase(databaseUrl: string, name: string): string {
  const url = parseUrl(databaseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;

  return url.toString();
}

function parseUrl(databaseUrl: string): URL {
  try {
    return new URL(databaseUrl);
  } catch (cause) {
    throw new DbError('DATABASE_URL_INVALID', 'not a URL', { cause });
  }
}
