// Read-only looks into a service's SQLite file from outside the service (a second connection, as an
// operator would open it): outbox states, processed updates, proposals. Only SELECTs are run, so
// the service's own writes are never blocked by it.
import Database from "better-sqlite3";
import path from "node:path";

export interface OutboxRow {
  id: number;
  chatId: string;
  status: string;
  text: string;
}

export class DataDb {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(path.join(dataDir, "app.db"), { timeout: 5000 });
  }

  outboxByStatus(): Record<string, number> {
    const rows = this.db.prepare(`SELECT status, COUNT(*) AS n FROM "OutboxMessage" GROUP BY status`).all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  outbox(where: "sending" | "pending" | "all" = "all"): OutboxRow[] {
    const sql = `SELECT id, chatId, status, payload FROM "OutboxMessage"${where === "all" ? "" : " WHERE status = ?"} ORDER BY id`;
    const stmt = this.db.prepare(sql);
    const rows = (where === "all" ? stmt.all() : stmt.all(where)) as { id: number; chatId: string; status: string; payload: string }[];
    return rows.map((r) => ({ id: r.id, chatId: r.chatId, status: r.status, text: (JSON.parse(r.payload) as { text: string }).text }));
  }

  count(table: string, where = "1 = 1", ...params: unknown[]): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;
  }

  /** Proposals whose content ends with `suffix`. */
  proposalsEndingWith(suffix: string): { code: string; content: string }[] {
    return this.db.prepare(`SELECT code, content FROM "Proposal" WHERE content LIKE ?`).all(`%${suffix}`) as { code: string; content: string }[];
  }

  close(): void {
    this.db.close();
  }
}
