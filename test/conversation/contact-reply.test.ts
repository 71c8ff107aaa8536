// The reply to "leave a phone number or email" after a proposal: short contact details are stored;
// a longer message that merely contains a number is the person's question, not their contact, and
// is answered like any other message instead of being stored as the contact and dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isContactReply } from "../../src/conversation/proposal-intake.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const CONTENT = "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em";
const QUESTION = "Cho em hỏi thêm: nếu công ty không trả lương thì em gọi số 0901234567 ạ?";

describe("the contact reply after a proposal", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  async function proposed(user: string): Promise<string> {
    await app.chat(user, `/kiennghi ${CONTENT}`);
    const created = await app.chat(user, "đồng ý");
    expect(created.replies.at(-1).text).toContain("số điện thoại hoặc email");
    return created.proposal.code as string;
  }

  it("does not take a question that contains a number as the contact, and answers it", async () => {
    const user = "web-contact-question";
    const code = await proposed(user);
    const reply = await app.chat(user, QUESTION);
    const texts = reply.replies.map((r: { text: string }) => r.text).join("\n");
    expect(texts).not.toContain("Cảm ơn bạn! Cán bộ có thể liên hệ với bạn qua 0901234567");
    // The question is read as a message of its own (the test knowledge base has no answer to it,
    // so the bot offers to pass it on), and it reaches staff word for word.
    expect(reply.kind).toBe("fallback");
    const stored = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { user: { include: { consents: true } } } });
    expect(stored.contact).toBeNull();
    expect(stored.user!.consents).toHaveLength(0);
    const escalated = await app.chat(user, "1");
    expect(escalated.kind).toBe("escalated");
    const question = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: escalated.proposal.code } });
    expect(question).toMatchObject({ kind: "question", content: QUESTION });
  });

  it("still stores a short reply of a name and a number, or a sentence around an email", async () => {
    const lan = await proposed("web-contact-name");
    expect((await app.chat("web-contact-name", "Lan 0901 234 567")).replies[0].text).toContain("0901234567");
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: lan } })).contact).toBe("0901234567");
    const nam = await proposed("web-contact-sentence");
    await app.chat("web-contact-sentence", "số em là 0912.345.678 nhé");
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: nam } })).contact).toBe("0912345678");
    const hoa = await proposed("web-contact-email");
    await app.chat("web-contact-email", "email của em là hoa@example.com ạ");
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: hoa } })).contact).toBe("hoa@example.com");
  });

  it("tells contact details from questions that contain them", () => {
    expect(isContactReply("0912 345 678")).toBe(true);
    expect(isContactReply("sđt của em: +84 912.345.678 nhé")).toBe(true);
    expect(isContactReply("em 15 tuổi, số em là 0987654321")).toBe(true);
    expect(isContactReply(QUESTION)).toBe(false);
    expect(isContactReply("Cho em hỏi thêm: nếu công ty không trả lương thì em gọi số 0901234567 của ai ạ?")).toBe(false);
    expect(isContactReply("0901234567 gọi được không")).toBe(true);
    expect(isContactReply("0901234567 gọi được không?")).toBe(false);
    expect(isContactReply("Em muốn hỏi về hợp đồng lao động khi làm thêm, số em 0901234567 nhé")).toBe(false);
  });
});
