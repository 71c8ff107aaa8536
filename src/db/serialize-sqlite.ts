// How the service's one SQLite connection (better-sqlite3) runs statements and transactions. Two
// defects of the stock Prisma adapter, both shown by test/reliability:
// 1. It queues interactive transactions among themselves, but not single statements: a statement
//    issued while another request's transaction was open ran inside that transaction. It read that
//    transaction's uncommitted rows, its write was undone when that transaction rolled back (a
//    redelivered update, a failed step), and lost when the process died before that COMMIT. The
//    outbox worker's "sent" mark is such a statement: a lost mark meant a reply sent twice. Here
//    every statement outside a transaction waits in the same first-come queue as the transactions.
// 2. It opens transactions with a plain (deferred) BEGIN, which takes the write lock only at the
//    first write. When another process (the CLI, a second instance) committed in between, SQLite
//    cannot upgrade the transaction's snapshot and fails at once with SQLITE_BUSY, without waiting
//    (the busy timeout does not apply): a user got "internal error". Here transactions start with
//    BEGIN IMMEDIATE, which takes the write lock before reading.
// And while another process holds the write lock, better-sqlite3 waits for it synchronously: with a
// long busy timeout the whole service stood still (health checks, reads, every chat) until the
// other process committed. The connection's own timeout is short (SYNC_BUSY_TIMEOUT_MS); a writer
// that still finds the lock taken gives the queue back, waits asynchronously and tries again, for
// up to BUSY_PATIENCE_MS, so reads and other work go on meanwhile.
// Code inside a `$transaction` callback must use its `tx`: a statement on the outer client would
// wait for the transaction to end (and fail on Prisma's transaction timeout), where before it
// silently joined it. The direct SQL of sql.ts runs on the same connection and waits in the same
// queue: `onConnect` hands it the connection and the queue.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";

type AdapterFactory = Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect" | "connectToShadowDb">;
type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/** Wraps the better-sqlite3 adapter factory: statements and transactions take turns; BEGIN IMMEDIATE. */
export function serializeSqlite(factory: AdapterFactory, onConnect?: (connection: SqliteConnection) => void): AdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const inner = await factory.connect();
      const queue = new FifoLock();
      onConnect?.({ database: databaseOf(inner), lock: queue });
      return serialized(inner, queue);
    },
    connectToShadowDb: async () => serialized(await factory.connectToShadowDb(), new FifoLock()),
  };
}

/** The better-sqlite3 connection inside Prisma's adapter (its `client`, pinned adapter version). */
function databaseOf(adapter: Adapter): Database.Database {
  const database = (adapter as unknown as { client?: unknown }).client;
  if (!(database instanceof Database)) throw new Error("the Prisma SQLite adapter no longer exposes its better-sqlite3 connection");
  return database;
}

/** How long the connection itself waits for another process's write lock (synchronously). */
export const SYNC_BUSY_TIMEOUT_MS = 50;
/** How long a write waits in all for another process's write lock (asynchronously, retrying). */
export const BUSY_PATIENCE_MS = 12_000;

/** SQLITE_BUSY from better-sqlite3, or as Prisma's adapter reports it. */
function isBusy(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { originalCode?: unknown } } | null;
  return e?.code === "SQLITE_BUSY" || e?.cause?.originalCode === "SQLITE_BUSY";
}

/**
 * Takes the queue and runs `attempt`. If another process holds the write lock (SQLITE_BUSY), the
 * queue is released, and the attempt repeated after a short wait. Returns the attempt's result and
 * the queue's release, still held: the caller releases it (at once, or after a transaction).
 */
export async function takeTurn<T>(queue: FifoLock, attempt: () => Promise<T> | T): Promise<{ value: T; release: () => void }> {
  // Patience is elapsed time, measured with the monotonic timer.
  const giveUpAt = performance.now() + BUSY_PATIENCE_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const release = await queue.acquire();
    try {
      return { value: await attempt(), release };
    } catch (err) {
      release();
      if (!isBusy(err) || performance.now() + pause > giveUpAt) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** One statement outside a transaction, in its turn; a statement refused with SQLITE_BUSY changed nothing and is tried again. */
export async function alone<T>(queue: FifoLock, fn: () => Promise<T> | T): Promise<T> {
  const { value, release } = await takeTurn(queue, fn);
  release();
  return value;
}

function serialized(inner: Adapter, queue: FifoLock): Adapter {
  const adapter: Adapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => alone(queue, () => inner.queryRaw(query)),
    executeRaw: (query) => alone(queue, () => inner.executeRaw(query)),
    executeScript: (script) => alone(queue, () => inner.executeScript(script)),
    dispose: () => alone(queue, () => inner.dispose()),
    async startTransaction(isolationLevel) {
      // SQLite transactions are serializable; the stock adapter refuses any other level too.
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") throw new Error(`SQLite does not support the ${isolationLevel} isolation level`);
      // Held from BEGIN until Prisma commits or rolls back (it does so on its timeout too). Prisma
      // sends COMMIT / ROLLBACK itself (usePhantomQuery: false), then calls commit() / rollback().
      const { release: unlock } = await takeTurn(queue, () => inner.executeScript("BEGIN IMMEDIATE"));
      // Prisma ends every transaction within its own timeout (20 s). If it never calls commit() or
      // rollback() (its COMMIT/ROLLBACK failed), the whole service would wait on this lock forever:
      // past the watchdog the transaction is rolled back and the lock freed.
      const watchdog = setTimeout(() => {
        try {
          void inner.executeScript("ROLLBACK").catch(() => undefined); // may throw synchronously
        } catch {
          // nothing was open
        }
        unlock();
      }, STUCK_TRANSACTION_MS);
      watchdog.unref();
      const release = () => {
        clearTimeout(watchdog);
        unlock();
      };
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        options: { usePhantomQuery: false },
        // The connection is ours until release: statements go straight to it, inside the transaction.
        queryRaw: (query) => inner.queryRaw(query),
        executeRaw: (query) => inner.executeRaw(query),
        commit: async () => release(),
        rollback: async () => {
          // Normally already rolled back by Prisma's ROLLBACK; if that (or a COMMIT) failed, the
          // connection would stay inside the transaction and every later BEGIN would fail.
          try {
            await inner.executeScript("ROLLBACK"); // (throws synchronously when nothing is open)
          } catch {
            // nothing was open: the usual case
          } finally {
            release();
          }
        },
      };
    },
  };
  if (inner.getConnectionInfo) adapter.getConnectionInfo = () => inner.getConnectionInfo!();
  return adapter;
}

const STUCK_TRANSACTION_MS = 45_000;

/** First come, first served; `release` may be called more than once. */
export class FifoLock {
  private last: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let unlock!: () => void;
    const held = new Promise<void>((resolve) => (unlock = resolve));
    const turn = this.last.then(() => unlock);
    this.last = this.last.then(() => held);
    return turn;
  }
}

/** An open SQLite database and the queue its statements take turns on (sql.ts runs raw SQL on it). */
export interface SqliteConnection {
  database: Database.Database;
  /** The queue shared with Prisma's statements and transactions on the same connection. */
  lock: FifoLock;
}
