// Direct SQL for the few statements every chat message runs (find the sender, record the message
// with its replies, claim and mark outbox rows; a vote and the voting list sent after it, which come
// by the hundred a second: dialogue/round-votes.ts, cast-vote.ts). Through Prisma each statement
// costs about 0.1 ms of CPU and each transaction 0.3 ms before the database sees it (its query compiler runs even for
// raw SQL); here a statement costs a few microseconds, which is what lets one instance take a few
// hundred messages a second (`npm run bench`). Everything else keeps using Prisma.
//
// Statements are written once with Prisma's `sql` template (values are always bound, never spliced
// into the text) and run by whichever session they are given:
// - `Db.sql`: the driver itself. On SQLite it is the very connection Prisma uses, taking turns
//   with Prisma's statements and transactions in one first-come queue (serialize-sqlite.ts); on
//   PostgreSQL it shares Prisma's pool.
// - `asSession(tx)`: a Prisma client or transaction, so a statement can join a Prisma transaction
//   that also makes model changes (a new proposal together with its reply in the outbox).
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Prisma } from "./generated/sqlite/client.ts";
import { alone, takeTurn, type SqliteConnection } from "./serialize-sqlite.ts";

export type { SqliteConnection };

export type Statement = Prisma.Sql;

/** Writes a statement: `sql\`SELECT … WHERE "id" = ${id}\``, every value bound, never spliced. */
export const sql = Prisma.sql;
type Row = Record<string, unknown>;

/** Runs statements: on its own (each one atomic) or inside a transaction. */
export interface SqlSession {
  query<T = Row>(statement: Statement): Promise<T[]>;
  /** Returns the number of rows changed. */
  execute(statement: Statement): Promise<number>;
}

export interface Sql extends SqlSession {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

/** What Prisma offers for raw SQL: a client or the `tx` of `$transaction`. */
interface PrismaRaw {
  $queryRaw<T = unknown>(query: Statement): Prisma.PrismaPromise<T>;
  $executeRaw(query: Statement): Prisma.PrismaPromise<number>;
}

/** A session over Prisma (client or transaction), or the session itself. */
export function asSession(target: SqlSession | PrismaRaw): SqlSession {
  if (!("$executeRaw" in target)) return target;
  return {
    query: async <T>(statement: Statement) => (await target.$queryRaw<T[]>(statement)) as T[],
    execute: async (statement: Statement) => target.$executeRaw(statement),
  };
}

// --- SQLite -------------------------------------------------------------------------------------


/** The SQLite session; `connection()` returns the connection Prisma opened (it may reopen it). */
export function sqliteSql(connection: () => SqliteConnection): Sql {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (database: BetterSqlite3.Database, text: string): BetterSqlite3.Statement => {
    let stmt = statements.get(text);
    if (!stmt || stmt.database !== database) {
      // Statement texts are few (the VALUES lists vary with the number of rows); the bound keeps a
      // caller that builds unusual lists from growing the cache without end.
      if (statements.size >= 500) statements.clear();
      stmt = database.prepare(text);
      // Prisma opened the connection with 64-bit integers as BigInt; these statements read ids
      // and counts that fit in a double.
      if (stmt.reader) stmt.safeIntegers(false);
      statements.set(text, stmt);
    }
    return stmt;
  };
  const direct = (database: BetterSqlite3.Database): SqlSession => ({
    async query<T>(statement: Statement) {
      const stmt = prepare(database, statement.sql);
      const values = statement.values.map(sqliteValue);
      if (!stmt.reader) {
        stmt.run(values);
        return [];
      }
      return stmt.all(values) as T[];
    },
    async execute(statement: Statement) {
      const stmt = prepare(database, statement.sql);
      const values = statement.values.map(sqliteValue);
      if (stmt.reader) return stmt.all(values).length;
      return stmt.run(values).changes;
    },
  });
  // Turns are taken as serialize-sqlite.ts does for Prisma: same queue, same patience with another
  // process's write lock.
  return {
    query: (statement) => {
      const conn = connection();
      return alone(conn.lock, () => direct(conn.database).query(statement));
    },
    execute: (statement) => {
      const conn = connection();
      return alone(conn.lock, () => direct(conn.database).execute(statement));
    },
    async transaction(fn) {
      const conn = connection();
      // IMMEDIATE: take the write lock before reading, as serialize-sqlite.ts explains.
      const { release } = await takeTurn(conn.lock, () => conn.database.exec("BEGIN IMMEDIATE"));
      try {
        const result = await fn(direct(conn.database));
        conn.database.exec("COMMIT");
        return result;
      } catch (err) {
        if (conn.database.inTransaction) conn.database.exec("ROLLBACK");
        throw err;
      } finally {
        release();
      }
    },
  };
}

/** Values as Prisma's SQLite adapter writes them, so both read and compare the same text. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value ?? null;
}

// --- PostgreSQL ---------------------------------------------------------------------------------

/** The PostgreSQL session over the pool Prisma's adapter also uses. */
export function postgresSql(pool: pg.Pool): Sql {
  const on = (client: pg.Pool | pg.PoolClient): SqlSession => ({
    async query<T>(statement: Statement) {
      return (await client.query<T & pg.QueryResultRow>(pgQuery(statement))).rows as T[];
    },
    async execute(statement: Statement) {
      return (await client.query(pgQuery(statement))).rowCount ?? 0;
    },
  });
  return {
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(on(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (err) {
        // A connection whose ROLLBACK fails is in an unknown state: it is closed, not reused.
        await client.query("ROLLBACK").then(
          () => client.release(),
          (rollbackErr: Error) => client.release(rollbackErr),
        );
        throw err;
      }
    },
  };
}

function pgQuery(statement: Statement): pg.QueryConfig {
  return {
    // A named statement is parsed and planned once per connection.
    name: `ya_${hash(statement.text)}`,
    text: statement.text,
    values: statement.values.map(pgValue),
    types: { getTypeParser: pgTypeParser as pg.CustomTypesConfig["getTypeParser"] },
  };
}

/** Prisma's columns are `timestamp(3)` without time zone, holding UTC: written and read as UTC. */
function pgValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  return value ?? null;
}

const TIMESTAMP_OID = 1114;

function pgTypeParser(oid: number, format?: string): (text: string) => unknown {
  if (oid === TIMESTAMP_OID) return (text) => new Date(`${text.replace(" ", "T")}Z`);
  return pg.types.getTypeParser(oid, format as "text");
}

/** FNV-1a, enough to name prepared statements (a collision would only mean a re-prepare error). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(36)}_${text.length}`;
}

// --- reading values back --------------------------------------------------------------------------

/** A DateTime column as read by any session: a Date (Prisma, PostgreSQL) or ISO text (SQLite). */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(value as string | number);
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** A Boolean column: true/false on PostgreSQL, 0/1 on SQLite. */
export function toBool(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

/** Whether `err` is a unique-constraint violation, from any session or from a Prisma model call. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null || !("code" in err)) return false;
  const { code, meta } = err as { code: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  return (
    code === "P2002" ||
    (code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation") ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "23505"
  );
}
