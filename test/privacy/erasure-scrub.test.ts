// Issue 15, hole 3: after /xoadulieu the person's phone number and email stayed in the proposal's
// answer, the staff note, the status note and the audit log, and deleted rows stayed readable in
// the SQLite file. Here a person leaves phone 0912345678 and email an.nguyen@example.com, staff
// quote both everywhere, the person erases their data through the real Telegram conversation, and
// the raw bytes of the database file, its -wal and -shm files and a backup made afterwards are
// searched: neither value may be anywhere.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupSqlite } from "../../src/cli/backup-commands.ts";
import { sqliteFilePath } from "../../src/db/database-url.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { tempDir } from "../support/env.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { proposalWorkedByStaff, rawSqliteBytes, SECRET, telegramSay } from "./support/erasure-story.ts";

const PHONE = "0912345678";
const EMAIL = "an.nguyen@example.com";
const CHAT_ID = 998_015;

describe("erasure scrubs every copy of the person's contact details", () => {
  const telegram = new FakeTelegram();
  const out = tempDir("ya-erasure-");
  let app: RunningApp;
  let dbFile: string;

  beforeAll(async () => {
    await telegram.start();
    app = await runApp({ env: telegram.webhookEnv(SECRET) });
    dbFile = sqliteFilePath(app.config.database.url);
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
    out.remove();
  });

  it("runs the service's SQLite connection with secure_delete on", async () => {
    const rows = await app.db.prisma.$queryRawUnsafe<{ secure_delete: number | bigint }[]>("PRAGMA secure_delete");
    expect(Number(rows[0]!.secure_delete)).toBe(1);
  });

  it("leaves neither the phone nor the email in any byte of the database, its WAL or a later backup", async () => {
    const say = telegramSay(app, telegram, CHAT_ID);
    const code = await proposalWorkedByStaff(app, say, { phone: PHONE, email: EMAIL });
    // Before: the values are on disk (so the searches below can find them).
    const before = rawSqliteBytes(dbFile);
    expect(before.includes(PHONE)).toBe(true);
    expect(before.includes(EMAIL)).toBe(true);

    await say("/xoadulieu");
    await say("có");
    expect(telegram.sent.filter((m) => m.chat_id === CHAT_ID).at(-1)!.plainText).toMatch(/đã xoá|đã xóa/i);

    // What staff still see: the anonymised proposal, its words kept for statistics, contacts gone.
    const p = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { notes: true, events: true } });
    expect(p).toMatchObject({ userId: null, chatId: null, contact: null });
    expect(p.content).toContain("Đề nghị sửa đèn đường trước nhà em");
    expect(p.content).toContain("[đã xoá]");
    expect(p.answer).toContain("Chào bạn, phường sẽ sửa đèn trong tuần.");
    const texts = [p.content, p.answer, p.searchText, ...p.notes.map((n) => n.text), ...p.events.map((e) => e.note ?? "")];
    const audit = await app.db.prisma.auditLog.findMany({ where: { target: code } });
    expect(audit.length).toBeGreaterThanOrEqual(3);
    for (const text of [...texts, ...audit.map((a) => a.detail)]) {
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain("0912 345 678");
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain("an.nguyen");
    }
    expect(audit.map((a) => JSON.parse(a.detail))).toContainEqual({ note: "gọi [đã xoá], thư [đã xoá]" });

    // The bytes on disk: the database file and its -wal/-shm, as a stolen disk would hold them.
    const after = rawSqliteBytes(dbFile);
    expect(after.includes(PHONE)).toBe(false);
    expect(after.includes("0912 345 678")).toBe(false);
    expect(after.includes(EMAIL)).toBe(false);

    // A backup made after the erasure copies no free page that still holds them.
    const backup = await backupSqlite({ source: dbFile, destination: path.join(out.path, "after.db") });
    const copy = readFileSync(backup.file);
    expect(copy.includes(PHONE)).toBe(false);
    expect(copy.includes(EMAIL)).toBe(false);

    // The ledger outside the database remembers the erasure, without the person's Telegram id.
    const ledger = readFileSync(app.config.erasureLedger.file, "utf8").trim().split("\n");
    expect(ledger).toHaveLength(1);
    expect(JSON.parse(ledger[0]!)).toMatchObject({ v: 1, id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(ledger[0]).not.toContain(String(CHAT_ID));
  });
});
