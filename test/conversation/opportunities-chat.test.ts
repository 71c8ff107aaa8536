// A young person asks for opportunities in the web chat: the current ones come back as short lines
// (title, organiser, place, deadline, link), filtered by the kind and the place the words name, five
// at a time with "Xem thêm"; nothing matching says so and points to /co-hoi and to /dangky; what
// expired is never listed; and a question about the law is still answered as one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { fixedClock } from "../../src/clock.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const topics = new Set(["viec-lam", "khoi-nghiep"]);

describe("opportunities in chat", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z");
  const add = (input: Record<string, string>) => createOpportunity({ db: app.db, actor: coordinator, input: { organiser: "Trung tâm Dịch vụ việc làm", ...input }, topics, now: clock.now() });

  beforeAll(async () => {
    app = await runApp({ clock });
    for (let i = 1; i <= 7; i++) await add({ kind: "job", title: `Tuyển công nhân may số ${i}`, place: "Phường Rạch Giá", deadline: `2027-03-${String(10 + i).padStart(2, "0")}`, link: `https://vieclam.example.vn/${i}` });
    await add({ kind: "job", title: "Tuyển hướng dẫn viên du lịch", place: "Đặc khu Phú Quốc", deadline: "2027-03-25" });
    await add({ kind: "course", title: "Khóa học nghề hàn miễn phí cho bộ đội xuất ngũ", organiser: "Trường Cao đẳng Kiên Giang", place: "Phường Rạch Giá", startsAt: "2027-04-01", endsAt: "2027-06-30", deadline: "2027-03-25" });
    await add({ kind: "job", title: "Tuyển nhân viên đã hết hạn", place: "Phường Rạch Giá", deadline: "2027-03-02" });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("lists the jobs in the place named, five at a time, each on one short line, and pages on with 'Xem thêm'", async () => {
    clock.set("2027-03-05T03:00:00Z");
    const first = await app.chat("web-viec", "có việc làm nào ở Rạch Giá không");
    expect(first.kind).toBe("opportunities");
    const text: string = first.replies[0].text;
    expect(text).toContain("1–5 trên 7");
    expect(text).toContain("1. Tuyển công nhân may số 1 — Trung tâm Dịch vụ việc làm, Phường Rạch Giá; hạn đăng ký 11/03/2027 https://vieclam.example.vn/1");
    expect(text).not.toContain("Phú Quốc");
    expect(text).not.toContain("Khóa học");
    expect(text).not.toContain("đã hết hạn");
    expect(text).toContain("/co-hoi?kind=job&place=phuong+rach+gia");
    const more = first.replies[0].choices;
    expect(more.map((c: { label: string }) => c.label)).toEqual(["Xem thêm"]);

    const second = await app.chat("web-viec", "Xem thêm", { choice: more[0].id });
    expect(second.replies[0].text).toContain("6–7 trên 7");
    expect(second.replies[0].text).toContain("7. Tuyển công nhân may số 7");
    expect(second.replies[0].choices ?? []).toEqual([]);
  });

  it("reads the kind from the words, and /cohoi lists everything current", async () => {
    clock.set("2027-03-05T03:00:00Z");
    const course = await app.chat("web-hoc", "khóa học nghề miễn phí cho bộ đội xuất ngũ");
    expect(course.replies[0].text).toContain("1. Khóa học nghề hàn miễn phí cho bộ đội xuất ngũ — Trường Cao đẳng Kiên Giang, Phường Rạch Giá; hạn đăng ký 25/03/2027");
    expect(course.replies[0].text).toContain("1–1 trên 1");
    const all = await app.chat("web-hoc", "/cohoi");
    expect(all.replies[0].text).toContain("1–5 trên 9");
  });

  it("says when nothing matches, offers the public page and a subscription", async () => {
    clock.set("2027-03-05T03:00:00Z");
    const none = await app.chat("web-kn", "có cuộc thi khởi nghiệp nào không");
    expect(none.kind).toBe("opportunities");
    expect(none.replies[0].text).toContain("Hiện chưa có cơ hội nào");
    expect(none.replies[0].text).toContain("cuộc thi, chương trình khởi nghiệp");
    expect(none.replies[0].text).toContain("/co-hoi");
    // Subscribing to new ones is offered (test/announcements/subscriptions.test.ts follows it).
    expect(none.replies[0].text).toContain("/dangky");
    const elsewhere = await app.chat("web-kn", "có việc làm nào ở Hà Tiên không");
    expect(elsewhere.replies[0].text).toContain("ở Hà Tiên");
    expect(elsewhere.replies[0].text).not.toContain("Tuyển");
  });

  it("stops listing what expired, by the clock alone", async () => {
    clock.set("2027-03-26T03:00:00Z");
    const late = await app.chat("web-muon", "có việc làm nào ở Phú Quốc không");
    expect(late.replies[0].text).toContain("Hiện chưa có cơ hội nào");
  });

  it("leaves questions about the law to the knowledge base", async () => {
    clock.set("2027-03-05T03:00:00Z");
    for (const q of ["việc làm thêm 16 tuổi có được không", "thủ tục vay vốn tạo việc làm"]) {
      const reply = await app.chat("web-luat", q);
      expect(reply.kind, q).not.toBe("opportunities");
      expect(reply.replies[0].text, q).not.toContain("Tuyển công nhân");
    }
  });
});
