// Backups remember erasures: a backup made before a person's /xoadulieu, restored later with
// `db restore`, must not bring them back. The erasure ledger (outside the database and its
// backups) is re-applied by the restore, which says how many people it erased again; everyone else
// is restored as they were. Backups are also pruned to BACKUP_KEEP_COUNT / BACKUP_KEEP_DAYS.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { ErasureLedger } from "../../src/privacy/erasure-ledger.ts";
import { reapplyErasures } from "../../src/privacy/reapply-erasures.ts";
import { sqliteFilePath } from "../../src/db/database-url.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { createTestDatabase, providers, repoRoot, tempDir } from "../support/env.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { proposalWorkedByStaff, rawSqliteBytes, SECRET, telegramSay } from "./support/erasure-story.ts";

const run = promisify(execFile);
const PHONE = "0912345678";
const EMAIL = "an.nguyen@example.com";
const ERASED_CHAT = 998_021;
const STAYING_CHAT = 998_022;

describe("a backup restored after an erasure", () => {
  const telegram = new FakeTelegram();
  let app: RunningApp;
  let env: Record<string, string>;

  const cli = (args: string[], extra: Record<string, string> = {}) =>
    run(process.execPath, ["--import", "tsx", path.join(repoRoot, "src/cli/index.ts"), ...args], { cwd: repoRoot, env: { ...process.env, ...env, LOG_LEVEL: "silent", ...extra } });

  beforeAll(async () => {
    await telegram.start();
    app = await runApp({ env: telegram.webhookEnv(SECRET) });
    env = { DATA_DIR: app.dataDir, DATABASE_URL: app.config.database.url };
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
  });

  it("erases the person again, says so, and keeps everyone else", async () => {
    const erased = telegramSay(app, telegram, ERASED_CHAT);
    const staying = telegramSay(app, telegram, STAYING_CHAT);
    await proposalWorkedByStaff(app, erased, { phone: PHONE, email: EMAIL });
    await proposalWorkedByStaff(app, staying, { phone: "0987000111", email: "binh.le@example.com" });

    const made = await cli(["db", "backup"]);
    const backup = path.join(app.dataDir, "backups", readdirSync(path.join(app.dataDir, "backups"))[0]!);
    expect(made.stdout).toContain(backup);
    expect(readFileSync(backup).includes(PHONE)).toBe(true); // the backup remembers the person

    await erased("/xoadulieu");
    await erased("có");
    await app.stop({ keepData: true });

    const dbFile = sqliteFilePath(app.config.database.url);
    const refused = await cli(["db", "restore", backup]).catch((err: { code: number; stderr: string }) => err);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toContain("--replace");

    const { stdout } = await cli(["db", "restore", backup, "--replace"]);
    expect(stdout).toContain(`Restored ${backup} to ${dbFile}`);
    expect(stdout).toContain("1 person(s) erased again");

    const restored = new Database(dbFile, { readonly: true });
    try {
      const identities = restored.prepare(`SELECT "externalId" FROM "ChannelIdentity" ORDER BY "externalId"`).all() as { externalId: string }[];
      expect(identities.map((i) => i.externalId)).toEqual([String(STAYING_CHAT)]);
      const contacts = restored.prepare(`SELECT "contact" FROM "Proposal" WHERE "contact" IS NOT NULL`).all() as { contact: string }[];
      expect(contacts.map((c) => c.contact)).toEqual(["0987000111"]);
    } finally {
      restored.close();
    }
    const bytes = rawSqliteBytes(dbFile);
    expect(bytes.includes(PHONE)).toBe(false);
    expect(bytes.includes(EMAIL)).toBe(false);
    expect(bytes.includes("0987000111")).toBe(true);
    expect(existsSync(`${dbFile}.restoring`)).toBe(false);

    // Restoring again finds no one left to erase.
    const again = await cli(["db", "reapply-erasures"]);
    expect(again.stdout).toContain("0 person(s) erased again (1 erased identities in the ledger)");
  }, 180_000); // five CLI runs, each a fresh tsx process

  it("keeps at most BACKUP_KEEP_COUNT backups and none older than BACKUP_KEEP_DAYS", async () => {
    // A folder of its own: retention applies to the folder the backup is written to.
    const dir = path.join(app.dataDir, "offsite");
    mkdirSync(dir);
    const stamp = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
    const old = `app-${stamp(40 * 86_400_000)}.db`;
    const recent = [`app-${stamp(3_600_000)}.db`, `app-${stamp(7_200_000)}.db`];
    for (const name of [old, ...recent, "keep-me.db"]) writeFileSync(path.join(dir, name), "x");
    const made = `app-${stamp(0)}.db`;

    const { stdout } = await cli(["db", "backup", path.join(dir, made)], { BACKUP_KEEP_COUNT: "2", BACKUP_KEEP_DAYS: "30" });
    const after = readdirSync(dir).sort();
    // The new one and the newest older one stay; the rest of the app-*.db go; other files are not touched.
    expect(after).toEqual([recent[0]!, made, "keep-me.db"].sort());
    expect(stdout).toContain("BACKUP_KEEP_COUNT=2");
    expect(stdout).toContain(old);
  }, 60_000);
});

// On both databases (PostgreSQL when TEST_POSTGRES_URL is set): `db reapply-erasures` after a pg_restore.
describe.each(providers)("reapplying the erasure ledger (%s)", (provider) => {
  it("keeps a person who first wrote after their erasure (they came back)", async () => {
    const dir = tempDir("ya-ledger-");
    const testDb = await createTestDatabase(provider);
    try {
      const target = testDb.target;
      await migrateDatabase(target);
      const db = await openDatabase(target);
      const ledger = ErasureLedger.open({ file: path.join(dir.path, "erasure-ledger.jsonl") });
      try {
        await db.prisma.chatUser.create({
          data: { createdAt: new Date("2026-03-01T00:00:00Z"), identities: { create: { channel: "zalo", externalId: "z-77", chatId: "z-77" } } },
        });
        ledger.record([{ channel: "zalo", externalId: "z-77" }], new Date("2026-02-01T00:00:00Z"));
        expect(await reapplyErasures({ db, ledger })).toMatchObject({ erased: 0, ledgerEntries: 1 });
        expect(await db.prisma.channelIdentity.count()).toBe(1);
        // Erased again later: now the ledger applies.
        ledger.record([{ channel: "zalo", externalId: "z-77" }], new Date("2026-04-01T00:00:00Z"));
        expect(await reapplyErasures({ db, ledger })).toMatchObject({ erased: 1, ledgerEntries: 1 });
        expect(await db.prisma.channelIdentity.count()).toBe(0);
        // A ledger read with another key matches nobody, and says so.
        const other = ErasureLedger.open({ file: ledger.file, key: "another-key-of-16-chars" });
        expect(await reapplyErasures({ db, ledger: other })).toMatchObject({ erased: 0, ledgerEntries: 0, skipped: 2 });
      } finally {
        await db.close();
      }
    } finally {
      await testDb.cleanup();
      dir.remove();
    }
  });
});
