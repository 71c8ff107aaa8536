// Owns the Prisma client: one generated client per provider (see scripts/db.ts), both exposing the
// same model API, opened through a driver adapter (better-sqlite3 or pg). Domain code receives a
// `Db` and never constructs clients itself.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { sqliteFilePath, type DatabaseTarget } from "./database-url.ts";
import { serializeSqlite, SYNC_BUSY_TIMEOUT_MS } from "./serialize-sqlite.ts";
import { postgresSql, sqliteSql, type Sql, type SqliteConnection } from "./sql.ts";

export type PrismaClient = SqliteClient;
export type { Prisma } from "./generated/sqlite/client.ts";
export type * as Models from "./generated/sqlite/models.ts";

export interface Db {
  prisma: PrismaClient;
  /** Direct SQL for the per-message statements (sql.ts); same connection or pool as `prisma`. */
  sql: Sql;
  provider: DatabaseTarget["provider"];
  /** Cheap round trip used by /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Prisma gives up on starting a transaction after 2 s by default. Transactions queue behind each
 * other on SQLite's one connection (and behind another process's writer for up to
 * BUSY_PATIENCE_MS), so a burst must be allowed to wait its turn rather than fail the user's message.
 */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  let prisma: PrismaClient;
  let sql: Sql;
  let pool: pg.Pool | undefined;
  if (target.provider === "sqlite") {
    const file = sqliteFilePath(target.url);
    let connection: SqliteConnection | undefined;
    // One connection for the process: statements and transactions take turns (serialize-sqlite.ts).
    prisma = new SqliteClient({
      adapter: serializeSqlite(new PrismaBetterSQLite3({ url: file, timeout: SYNC_BUSY_TIMEOUT_MS }), (c) => {
        // secure_delete is a per-connection setting: set on every connection the adapter opens,
        // deleted rows are overwritten with zeros instead of staying readable in free space
        // (an erased person's messages, in the file and in every later backup of it).
        c.database.pragma("secure_delete = ON");
        connection = c;
      }),
      transactionOptions: TRANSACTION_OPTIONS,
    });
    sql = sqliteSql(() => {
      if (!connection) throw new Error("the SQLite connection is not open");
      return connection;
    });
    // WAL lets readers proceed while one writer commits; NORMAL sync is safe with WAL.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  } else {
    pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle connection the server closed is replaced on the next query; its error must not
    // crash the process in between.
    pool.on("error", () => undefined);
    const client = new PostgresClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTION_OPTIONS });
    prisma = client as unknown as PrismaClient;
    sql = postgresSql(pool);
  }
  await prisma.$connect();
  return {
    prisma,
    sql,
    provider: target.provider,
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    async close() {
      await prisma.$disconnect();
      // Prisma leaves a pool it was given open.
      if (pool && !pool.ended) await pool.end();
    },
  };
}
