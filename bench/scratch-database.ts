import pg from "pg";

/** The PostgreSQL server the benchmarks create their scratch databases on. */
const SERVER = process.env.BENCH_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Runs `use` on a new, empty database of that name on the benchmark server (one left by an
 * interrupted run is dropped first), and drops it afterwards, whatever happens.
 */
export async function withScratchDatabase<T>(name: string, use: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
