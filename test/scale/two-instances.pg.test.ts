// Two instances of the service on one PostgreSQL database, behind a (simulated) load balancer:
// Telegram delivers 2,000 messages from 400 young people by webhook, each person's messages
// alternating between the instances. Every message is answered exactly once and in order, every
// outbox message is sent exactly once, and a knowledge change made through one instance reaches
// the other's index.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestDocument } from "../../src/knowledge/admin/ingest-document.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { createPostgresDatabase, POSTGRES_URL } from "../support/env.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const USERS = 400;
const PER_USER = 5;
/** Users writing at the same time; each waits for its webhook call to finish before writing again. */
const CONCURRENT_USERS = 40;
const SECRET = "scale-test-secret";
const TEXTS = ["xin chào", "thanh niên là bao nhiêu tuổi", "dieu kien huong bhtn", "/help", "tim viec o dau"];
const isPrivacyNotice = (text: string) => text.startsWith("🔒");

describe.skipIf(!POSTGRES_URL)("two instances on one PostgreSQL database", () => {
  const fake = new FakeTelegram();
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let instances: RunningApp[] = [];

  beforeAll(async () => {
    await fake.start();
    database = await createPostgresDatabase();
    const env = {
      ...fake.webhookEnv(SECRET),
      TELEGRAM_RATE_PER_SECOND: "10000",
      OUTBOX_POLL_MS: "100",
    };
    // One after the other, as a rolling start would: the first one migrates the database.
    for (let i = 0; i < 2; i++) instances.push(await runApp({ databaseUrl: database.url, env }));
  });

  afterAll(async () => {
    await Promise.all(instances.map((app) => app.stop()));
    await database?.drop();
    await fake.stop();
  });

  it("answers every message exactly once and in order, and sends every outbox message once", async () => {
    const chatIds = Array.from({ length: USERS }, (_, u) => 7_000_000 + u);
    const statuses: number[] = [];
    let nextUser = 0;
    const person = async () => {
      for (let u = nextUser++; u < USERS; u = nextUser++) {
        for (let j = 0; j < PER_USER; j++) {
          const update = fake.textMessage({ chatId: chatIds[u]!, text: TEXTS[(u + j) % TEXTS.length]! });
          // A person's consecutive messages land on different instances.
          const app = instances[(u + j) % instances.length]!;
          statuses.push(await fake.postWebhook(`${app.url}/webhooks/telegram`, update, SECRET));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_USERS }, person));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(USERS * PER_USER);

    const prisma = instances[0]!.db.prisma;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const unsent = await prisma.outboxMessage.count({ where: { status: { not: "sent" } } });
      if (unsent === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await prisma.processedUpdate.count({ where: { channel: "telegram" } })).toBe(USERS * PER_USER);
    const rows = await prisma.outboxMessage.findMany({ orderBy: { id: "asc" }, select: { chatId: true, status: true, payload: true } });
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
    // One sendMessage per outbox message (every reply here is short): nothing sent twice or lost.
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent).toHaveLength(rows.length);

    for (const chatId of chatIds) {
      const sent = fake.sent.filter((m) => m.chat_id === chatId).map((m) => m.plainText);
      const queued = rows.filter((r) => r.chatId === String(chatId)).map((r) => (JSON.parse(r.payload) as { text: string }).text);
      // What the person saw is what was queued for them, in the same order.
      expect(sent.map((t) => t.trim())).toEqual(queued.map((t) => t.trim()));
      expect(sent.filter((t) => !isPrivacyNotice(t))).toHaveLength(PER_USER);
      expect(sent.filter(isPrivacyNotice)).toHaveLength(1);
    }
  }, 90_000);

  it("makes a document added through one instance searchable on the other", async () => {
    const [a, b] = instances as [RunningApp, RunningApp];
    const bytes = Buffer.from(
      [
        "---",
        "title: Hỏi đáp về thẻ thanh niên tình nguyện",
        "kind: faq",
        "status: in_force",
        "topics: [tinh-nguyen]",
        "---",
        "",
        "## Hỏi: Thẻ thanh niên tình nguyện cấp ở đâu?",
        "Đáp: Thẻ thanh niên tình nguyện được cấp tại văn phòng Tỉnh đoàn vào sáng thứ bảy hằng tuần.",
        "",
      ].join("\n"),
    );
    await ingestDocument({ db: a.db, sourcePath: "upload/the-tinh-nguyen.md", fileName: "the-tinh-nguyen.md", bytes });
    const deadline = Date.now() + 10_000;
    let found = false;
    while (!found && Date.now() < deadline) {
      const hits = await b.knowledge.search("thẻ thanh niên tình nguyện cấp ở đâu");
      found = hits.some((h) => h.text.includes("sáng thứ bảy"));
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toBe(true);
  });
});

describe.skipIf(POSTGRES_URL)("two instances on one PostgreSQL database", () => {
  it("is skipped: set TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run it", () => undefined);
});
