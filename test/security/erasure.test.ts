// After /xoadulieu, no copy of the person's contact details or words is left anywhere in the
// database, not only in the obvious tables: every table and every column is searched for the phone
// number, the email address and a sentence they typed, once the erasure is confirmed and the
// replies (which quote some of it back) have been sent.
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { waitForDrain } from "../reliability/support/platforms.ts";

const SECRET = "security-erasure-secret";
const PHONE = "0987654321";
const EMAIL = "mai.tran.xoa@example.com";
const SENTENCE = "nhà em ở xóm Đồng Tâm cạnh cây đa";

describe("erasure leaves no copy behind", () => {
  const telegram = new FakeTelegram();
  let app: RunningApp;

  beforeAll(async () => {
    await telegram.start();
    app = await runApp({
      env: telegram.webhookEnv(SECRET),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
  });

  /** Every row of every table, as text, with the tables where `needle` occurs. */
  async function tablesContaining(needle: string): Promise<string[]> {
    const tables = await app.db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    const found: string[] = [];
    for (const { name } of tables) {
      const rows = await app.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`);
      const text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
      if (text.includes(needle)) found.push(name);
    }
    return found;
  }

  it("finds nothing of the person after /xoadulieu", async () => {
    const chatId = 997_001;
    const say = async (text: string) => {
      expect(await telegram.postWebhook(`${app.url}/webhooks/telegram`, telegram.textMessage({ chatId, text }) as Update, SECRET)).toBe(200);
      await waitForDrain(app.db, 5000);
    };
    await say(`/kiennghi Đề nghị lắp đèn đường, ${SENTENCE}, liên hệ ${EMAIL}`);
    await say("đồng ý");
    await say(PHONE); // contact details, left with consent
    await say(`mình muốn hỏi thêm, ${SENTENCE}`);
    // Before: the data is there (so the search below would find it).
    expect(await tablesContaining(PHONE)).not.toEqual([]);
    expect(await tablesContaining(SENTENCE)).not.toEqual([]);

    await say("/xoadulieu");
    await say("có");
    const done = telegram.sent.filter((m) => m.chat_id === chatId).at(-1)!;
    expect(done.plainText).toMatch(/xóa|đã xoá|đã xóa/i);

    const leftovers = {
      phone: await tablesContaining(PHONE),
      email: await tablesContaining(EMAIL),
      sentence: await tablesContaining(SENTENCE),
    };
    // The proposal itself stays, anonymised (its content is the person's words, kept for statistics
    // as the privacy notice says), with the contact details inside it scrubbed (issue 15); nothing
    // else may hold them.
    expect(leftovers).toEqual({ phone: [], email: [], sentence: ["Proposal"] });
    const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { content: { contains: SENTENCE } } });
    expect(proposal).toMatchObject({ userId: null, chatId: null, contact: null });
    expect(proposal.anonymisedAt).toBeInstanceOf(Date);
  });
});
