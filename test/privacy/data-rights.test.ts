// A person's rights over their own data, through the real web chat (and a Telegram message through
// the conversation): see what is kept and download it once, correct the contact, withdraw consent,
// and the guardian question for someone under 16.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";

const CONTENT = "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em";
type Reply = { text: string; choices?: { id: string }[] };
const texts = (r: { replies: Reply[] }) => r.replies.map((x) => x.text).join("\n");

describe("a person's data rights in chat", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  async function propose(user: string, contact: string): Promise<string> {
    await app.chat(user, `/kiennghi ${CONTENT}`);
    const created = await app.chat(user, "đồng ý");
    await app.chat(user, contact);
    return created.proposal.code as string;
  }
  const proposalOf = (code: string) => app.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { user: { include: { consents: true } } } });
  const linkIn = (text: string) => /\/my-data\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];

  it("/dulieucuatoi shows the proposal code, the consent with its date, the masked contact and a download link", async () => {
    const code = await propose("web-lan", "0912 345 678");
    const mine = await app.chat("web-lan", "/dulieucuatoi");
    const text = texts(mine);
    expect(text).toContain("Dữ liệu mình đang lưu về bạn");
    expect(text).toContain(`${code} – đã tiếp nhận`);
    expect(text).toMatch(/Lời đồng ý: cho cán bộ liên hệ lại \(ngày \d{2}\/\d{2}\/\d{4}\)/);
    expect(text).toContain("Trang web (từ");
    expect(text).toContain("09******78");
    expect(text).not.toContain("0912345678");
    expect(text).toMatch(/Tin nhắn đang lưu: \d+ \(tự động xóa sau 180 ngày\)/);
    expect(text).toMatch(/^⬇️ Tải toàn bộ dữ liệu của bạn \(tệp JSON, chỉ dùng được 1 lần, trong 15 phút\): \S*\/my-data\/[A-Za-z0-9_-]{43}$/m);
    // The natural phrasings reach the same summary.
    for (const phrase of ["bạn lưu gì về em", "xem dữ liệu của mình", "what data do you have about me"]) {
      expect(texts(await app.chat("web-lan", phrase))).toContain(code);
    }
  });

  it("the download link gives the JSON once, only to the session that asked, and is never stored in clear", async () => {
    const code = await propose("web-mai", "mai.tran@example.com");
    const link = linkIn(texts(await app.chat("web-mai", "/dulieucuatoi")))!;
    const token = link.split("/").pop()!;

    // Another browser session (or none at all) gets a 404 and does not spend the link.
    await app.chat("web-stranger", "xin chào");
    expect((await app.web("web-stranger").request(link)).status).toBe(404);
    expect((await fetch(app.url + link)).status).toBe(404);

    const res = await app.web("web-mai").request(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="du-lieu-cua-toi-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const data = (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(data.proposals.map((p: { code: string }) => p.code)).toEqual([code]);
    expect(data.contacts).toEqual(["mai.tran@example.com"]);
    expect(data.consents[0]).toMatchObject({ purpose: "callback", textVersion: "contact-2026-1", withdrawnAt: null });
    expect(data.messages.items.some((m: { text: string }) => m.text.includes(CONTENT))).toBe(true);
    expect(data.identities[0]).toMatchObject({ channel: "web", platformUserId: null });

    // Once only.
    expect((await app.web("web-mai").request(link)).status).toBe(410);
    // Only the hash is stored; the message log keeps the reply without the token.
    const links = await app.db.prisma.dataExportLink.findMany();
    expect(JSON.stringify(links)).not.toContain(token);
    const logged = await app.db.prisma.message.findMany({ where: { text: { contains: token } } });
    expect(logged).toHaveLength(0);
    // A made-up or malformed token is a 404, never a 500.
    expect((await app.web("web-mai").request("/my-data/" + "A".repeat(43))).status).toBe(404);
    expect((await app.web("web-mai").request("/my-data/..%2F..%2Fetc")).status).toBe(404);
  });

  it("on Telegram without PUBLIC_BASE_URL it says where to get the copy instead of a link", async () => {
    const result = await app.conversation.handle({ channel: "telegram", chatId: "4242", userId: "4242", text: "/dulieucuatoi", messageId: "dr-1", date: new Date() });
    const text = result!.replies.map((r) => r.text).join("\n");
    expect(text).toContain("Telegram (từ");
    expect(text).toContain("/yeucaudulieu Tôi muốn nhận bản sao dữ liệu của mình");
    expect(text).not.toContain("/my-data/");
  });

  it("/suadulieu refuses anything but a phone number or e-mail, and changes the contact with a good one", async () => {
    const code = await propose("web-hoa", "0912 345 678");
    const bad = await app.chat("web-hoa", "/suadulieu nhà em ở thôn 3");
    expect(texts(bad)).toContain("“nhà em ở thôn 3” không phải số điện thoại Việt Nam hay địa chỉ email");
    expect((await proposalOf(code)).contact).toBe("0912345678");
    expect(texts(await app.chat("web-hoa", "/suadulieu 12345"))).toContain("không phải số điện thoại");
    expect(texts(await app.chat("web-hoa", "/suadulieu"))).toContain("ví dụ: /suadulieu 0912345678");

    const good = await app.chat("web-hoa", "/suadulieu hoa.moi@example.com");
    expect(texts(good)).toContain("Đã cập nhật thông tin liên hệ thành hoa.moi@example.com cho 1 kiến nghị");
    const stored = await proposalOf(code);
    expect(stored.contact).toBe("hoa.moi@example.com");
    expect(stored.user!.consents.map((c) => c.purpose)).toEqual(["callback", "callback"]);
    expect(texts(await app.chat("web-hoa", "/suadulieu 0987 654 321"))).toContain("0987654321");
    expect((await proposalOf(code)).contact).toBe("0987654321");
  });

  it("/rutdongy removes the contact and marks the consent withdrawn with its date", async () => {
    const code = await propose("web-nam", "0912 345 678");
    const reply = texts(await app.chat("web-nam", "/rutdongy"));
    expect(reply).toContain("Đã rút lại sự đồng ý của bạn");
    expect(reply).toContain("xóa thông tin liên hệ khỏi 1 kiến nghị");
    expect(reply).toContain("Câu trả lời vẫn được gửi về");
    const stored = await proposalOf(code);
    expect(stored.contact).toBeNull();
    expect(stored.user!.consents).toHaveLength(1);
    expect(stored.user!.consents[0]!.withdrawnAt).toBeInstanceOf(Date);
    expect(texts(await app.chat("web-nam", "/dulieucuatoi"))).toMatch(/đã rút lại ngày \d{2}\/\d{2}\/\d{4}/);
    expect(texts(await app.chat("web-nam", "/rutdongy"))).toContain("không có gì để rút lại");
  });

  it("asks someone under 16 whether a parent agrees before storing contact details, and keeps only the age band", async () => {
    await app.chat("web-kid", "/kiennghi Em 14 tuổi, em mong trường em có thêm sân chơi cho học sinh");
    const created = await app.chat("web-kid", "đồng ý");
    const code = created.proposal.code as string;
    const ask = created.replies.at(-1) as Reply;
    expect(ask.text).toContain("chưa đủ 16 tuổi");
    expect(ask.text).toContain("bố mẹ hoặc người giám hộ");
    expect(ask.choices!.map((c) => c.id)).toEqual(["guardian:yes", "guardian:no"]);

    // A phone number typed instead of an answer is not stored.
    expect(texts(await app.chat("web-kid", "0912345678"))).toContain("“có” nếu bố mẹ hoặc người giám hộ đã đồng ý");
    expect((await proposalOf(code)).contact).toBeNull();

    expect(texts(await app.chat("web-kid", "", { choice: "guardian:yes" }))).toContain("Bây giờ bạn có thể gõ số điện thoại hoặc email");
    expect(texts(await app.chat("web-kid", "0912 345 678"))).toContain("0912345678");
    const stored = await proposalOf(code);
    expect(stored.contact).toBe("0912345678");
    expect(stored.user!.consents.map((c) => c.purpose).sort()).toEqual(["callback", "guardian"]);
    // Only the band: no age, no birth date anywhere on the person.
    const user = await app.db.prisma.chatUser.findUniqueOrThrow({ where: { id: stored.userId! } });
    expect(user.ageBand).toBe("under16");
    expect(Object.keys(user).filter((k) => /age|birth/i.test(k))).toEqual(["ageBand"]);
  });

  it("stores nothing when the parent has not agreed, nor when the age comes with the contact", async () => {
    await app.chat("web-kid2", `/kiennghi ${CONTENT}`);
    const created = await app.chat("web-kid2", "đồng ý");
    expect((created.replies.at(-1) as Reply).text).toContain("Nếu bạn dưới 16 tuổi, hãy cho mình biết trước");
    const asked = await app.chat("web-kid2", "em 15 tuổi, số em là 0987654321");
    expect(texts(asked)).toContain("bố mẹ hoặc người giám hộ");
    expect(texts(asked)).not.toContain("0987654321");
    expect(texts(await app.chat("web-kid2", "chưa"))).toContain("Mình sẽ không lưu thông tin liên hệ của bạn");
    const stored = await proposalOf(created.proposal.code);
    expect(stored.contact).toBeNull();
    expect(stored.user!.consents).toHaveLength(0);
    expect(stored.user!.ageBand).toBe("under16");
    // /suadulieu asks the same question first.
    expect(texts(await app.chat("web-kid2", "/suadulieu 0987654321"))).toContain("bố mẹ hoặc người giám hộ");
    expect((await proposalOf(created.proposal.code)).contact).toBeNull();
  });
});
