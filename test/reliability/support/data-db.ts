// Read-only looks into a service's database from outside the service (a second connection, as an
// operator would open it): outbox states, processed updates, proposals. SQLite (the file in the
// data folder) or PostgreSQL (a database URL). Only SELECTs are run, so the service's own writes
// are never blocked by it.
import Database from "better-sqlite3";
import path from "node:path";
import pg from "pg";

export interface OutboxRow {
  id: number;
  chatId: string;
  status: string;
  text: string;
}

type Row = Record<string, unknown>;

export class DataDb {
  private constructor(private readonly query: (sql: string, params: unknown[]) => Promise<Row[]>, private readonly end: () => Promise<void>) {}

  /** The SQLite file of `dataDir`, or the PostgreSQL database `databaseUrl` names. */
  static async open(where: { dataDir: string; databaseUrl?: string | undefined }): Promise<DataDb> {
    if (where.databaseUrl) {
      const client = new pg.Client({ connectionString: where.databaseUrl });
      await client.connect();
      // Written with ? like SQLite; PostgreSQL numbers its parameters.
      const numbered = (sql: string) => {
        let n = 0;
        return sql.replace(/\?/g, () => `$${++n}`);
      };
      return new DataDb(async (sql, params) => (await client.query(numbered(sql), params)).rows as Row[], () => client.end());
    }
    const db = new Database(path.join(where.dataDir, "app.db"), { timeout: 5000 });
    return new DataDb(async (sql, params) => db.prepare(sql).all(...params) as Row[], async () => {
      db.close();
    });
  }

  async outboxByStatus(): Promise<Record<string, number>> {
    const rows = await this.query(`SELECT "status", COUNT(*) AS "n" FROM "OutboxMessage" GROUP BY "status"`, []);
    return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
  }

  async outbox(where: "sending" | "pending" | "all" = "all"): Promise<OutboxRow[]> {
    const sql = `SELECT "id", "chatId", "status", "payload" FROM "OutboxMessage"${where === "all" ? "" : ` WHERE "status" = ?`} ORDER BY "id"`;
    const rows = await this.query(sql, where === "all" ? [] : [where]);
    return rows.map((r) => ({ id: Number(r.id), chatId: String(r.chatId), status: String(r.status), text: (JSON.parse(String(r.payload)) as { text: string }).text }));
  }

  async count(table: string, where = "1 = 1", ...params: unknown[]): Promise<number> {
    const [row] = await this.query(`SELECT COUNT(*) AS "n" FROM "${table}" WHERE ${where}`, params);
    return Number(row?.n ?? 0);
  }

  /** Proposals whose content ends with `suffix`. */
  async proposalsEndingWith(suffix: string): Promise<{ code: string; content: string }[]> {
    const rows = await this.query(`SELECT "code", "content" FROM "Proposal" WHERE "content" LIKE ?`, [`%${suffix}`]);
    return rows.map((r) => ({ code: String(r.code), content: String(r.content) }));
  }

  close(): Promise<void> {
    return this.end();
  }
}
