// Known places, as young people and coordinators meet them: while no commune is registered a place
// is taken as typed (as before); once administrators register communes and wards (departments of
// kind "commune"), "rach gia" is the registered "Phường Rạch Giá", a typo ("xa Tan Lapp") is named
// back with the close names as numbered choices and picking one saves it, "Hà Nội" is refused with
// nothing saved; the console's broadcast segment refuses an unknown area with the close names (400),
// and the chat's "có việc làm nào ở …" says plainly when the place is not one we know or has nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { loadKnownPlaces, resolvePlace } from "../../src/announcements/known-places.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { subscribe } from "../../src/announcements/subscribe.ts";
import { fixedClock } from "../../src/clock.ts";
import { readOpportunityAsk } from "../../src/conversation/opportunities.ts";
import { isAppError } from "../../src/errors.ts";
import { saveDepartment } from "../../src/proposals/save-department.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { addStaff, loggedIn, type ConsoleClient } from "../console/console-client.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const admin: StaffActor = { id: "a1", email: "quantri@tinhdoan.gov.vn", name: "Quản trị", role: "admin", departmentId: null };
const coordinatorActor: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const topics = new Set(["viec-lam"]);
type Reply = { text: string; choices?: { id: string; label: string }[] };
const labels = (r: Reply) => (r.choices ?? []).map((c) => c.label);

describe("known places", () => {
  let app: RunningApp;
  let coordinator: ConsoleClient;
  const clock = fixedClock("2027-03-01T03:00:00Z"); // Monday 10:00 in Vietnam
  const users = new Map<string, string>();
  /** Sends a message as `label`, remembering who they are from the message log the first time. */
  const chat = async (label: string, text: string) => {
    const reply = await app.chat(label, text);
    if (!users.has(label)) {
      const last = await app.db.prisma.message.findFirstOrThrow({ orderBy: { id: "desc" }, include: { identity: true } });
      users.set(label, last.identity.userId);
    }
    return reply;
  };
  const subscriptionOf = (label: string) => app.db.prisma.subscription.findUnique({ where: { userId: users.get(label)! } });
  const registerCommune = (name: string) => saveDepartment({ db: app.db, actor: admin, input: { name, kind: "commune", dueDays: 15 } });
  const compose = (area: string) => {
    const body = new URLSearchParams([["_csrf", coordinator.csrf], ["kind", "announcement"], ["text", "Ngày hội việc làm thanh niên sáng thứ Bảy."], ["kinds", "job"], ["area", area]]);
    return coordinator.fetch("/console/broadcasts/count", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" }, body });
  };

  beforeAll(async () => {
    app = await runApp({ clock });
    await addStaff(app, "dieuphoi@tinhdoan.gov.vn", "coordinator");
    coordinator = await loggedIn(app, "dieuphoi@tinhdoan.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("takes any well-formed place as typed while no commune is registered, as before", async () => {
    expect(resolvePlace(await loadKnownPlaces(app.db.prisma, clock.now()), "Hòn Đất")).toMatchObject({ anyPlace: true });
    await chat("web-truoc", "/dangky");
    await app.chat("web-truoc", "1");
    const area = await app.chat("web-truoc", "Hòn Đất");
    expect(area.replies[0].text).toContain("Bạn muốn nhận tin thế nào?");
    await app.chat("web-truoc", "1");
    await app.chat("web-truoc", "Đồng ý");
    expect(await subscriptionOf("web-truoc")).toMatchObject({ area: "Hòn Đất", areaKey: "hon dat" });
  });

  describe("once communes are registered", () => {
    beforeAll(async () => {
      await registerCommune("UBND phường Rạch Giá");
      await registerCommune("UBND phường Vĩnh Thanh");
      await registerCommune("UBND xã Tân Lập");
      await registerCommune("Ủy ban nhân dân xã Hòn Đất");
      for (const [title, organiser, place] of [
        ["Tuyển thợ hàn", "Trung tâm Dịch vụ việc làm", "Phường Rạch Giá"],
        ["Tuyển hướng dẫn viên", "Công ty Du lịch Biển Xanh", "Đặc khu Phú Quốc"],
      ] as const) {
        await createOpportunity({ db: app.db, actor: coordinatorActor, input: { kind: "job", title, organiser, place, deadline: "2027-03-20" }, topics, now: clock.now() });
      }
    });

    it("knows the registered communes by their place's name and the places of current opportunities", async () => {
      const known = await loadKnownPlaces(app.db.prisma, clock.now());
      expect(known.registered).toBe(true);
      expect(known.places.map((p) => p.name).sort()).toEqual(["Đặc khu Phú Quốc", "Phường Rạch Giá", "Phường Vĩnh Thanh", "Xã Hòn Đất", "Xã Tân Lập"].sort());
      for (const typed of ["rach gia", "Rạch Giá", "phuong Rach Gia", "P. Rạch Giá", "em ở phường rạch giá ạ"]) {
        expect(resolvePlace(known, typed), typed).toEqual({ place: "Phường Rạch Giá", key: "phuong rach gia" });
      }
      expect(resolvePlace(known, "dac khu phu quoc")).toEqual({ place: "Đặc khu Phú Quốc", key: "dac khu phu quoc" });
      expect(resolvePlace(known, "xa Tan Lapp")).toEqual({ unknown: "xa Tan Lapp", suggestions: ["Xã Tân Lập"] });
      expect(resolvePlace(known, "Rach Gai")).toMatchObject({ suggestions: ["Phường Rạch Giá"] });
      expect(resolvePlace(known, "Hà Nội")).toEqual({ unknown: "Hà Nội", suggestions: [] });
    });

    it("stores a registered ward typed without diacritics and without 'phường' under its registered name", async () => {
      // Phường Vĩnh Thanh has no opportunity: only its registration makes it known.
      await chat("web-lan", "/dangky");
      await app.chat("web-lan", "1");
      const area = await app.chat("web-lan", "vinh thanh");
      expect(area.replies[0].text).toContain("Bạn muốn nhận tin thế nào?");
      const confirm = await app.chat("web-lan", "1");
      expect(confirm.replies[0].text).toContain("ở Phường Vĩnh Thanh");
      await app.chat("web-lan", "Đồng ý");
      expect(await subscriptionOf("web-lan")).toMatchObject({ area: "Phường Vĩnh Thanh", areaKey: "phuong vinh thanh" });
    });

    it("names a typo back with the close names as numbered choices, and picking one by its number saves it", async () => {
      await chat("web-minh", "/dangky");
      await app.chat("web-minh", "1");
      const typo = await app.chat("web-minh", "xa Tan Lapp");
      expect(typo.replies[0].text).toContain("Mình chưa biết xã, phường nào tên “xa Tan Lapp”");
      expect(labels(typo.replies[0])).toEqual(["Xã Tân Lập", "Cả tỉnh"]);
      expect(await subscriptionOf("web-minh")).toBeNull(); // nothing half-saved
      const picked = await app.chat("web-minh", "1"); // on Zalo the choices are these numbers
      expect(picked.replies[0].text).toContain("Bạn muốn nhận tin thế nào?");
      const confirm = await app.chat("web-minh", "2");
      expect(confirm.replies[0].text).toContain("ở Xã Tân Lập");
      await app.chat("web-minh", "Đồng ý");
      expect(await subscriptionOf("web-minh")).toMatchObject({ area: "Xã Tân Lập", areaKey: "xa tan lap", cadence: "weekly" });
    });

    it("refuses a place we do not know with examples we do, and saves nothing until an area we know is chosen", async () => {
      await chat("web-hoa", "/dangky");
      await app.chat("web-hoa", "1");
      const far = await app.chat("web-hoa", "Hà Nội");
      expect(far.replies[0].text).toContain("Mình chưa biết xã, phường nào tên “Hà Nội”");
      expect(far.replies[0].text).toContain("ví dụ: Phường Rạch Giá, Phường Vĩnh Thanh");
      expect(labels(far.replies[0])).toEqual(["Cả tỉnh"]);
      const again = await app.chat("web-hoa", "Hà Nội");
      expect(again.replies[0].text).toContain("Mình chưa biết xã, phường nào tên “Hà Nội”");
      await app.chat("web-hoa", "huỷ");
      expect(await subscriptionOf("web-hoa")).toBeNull();
    });

    it("asks again, with nothing saved, when the place chosen stopped being known before 'Đồng ý'", async () => {
      await chat("web-muon", "/dangky");
      await app.chat("web-muon", "1");
      await app.chat("web-muon", "Tân Lập");
      const confirm = await app.chat("web-muon", "1");
      expect(confirm.replies[0].text).toContain("ở Xã Tân Lập");
      // Meanwhile an administrator removes the commune (a mistaken entry).
      await app.db.prisma.department.deleteMany({ where: { name: "UBND xã Tân Lập" } });
      const gone = await app.chat("web-muon", "Đồng ý");
      expect(gone.replies[0].text).toContain("“Xã Tân Lập” không còn trong danh sách xã, phường mình biết, nên mình chưa lưu đăng ký.");
      expect(labels(gone.replies[0])).toContain("Cả tỉnh");
      expect(await subscriptionOf("web-muon")).toBeNull();
      expect(await app.db.prisma.consent.count({ where: { userId: users.get("web-muon")!, purpose: "messages" } })).toBe(0);
      await registerCommune("UBND xã Tân Lập");
      await app.chat("web-muon", "huỷ");
    });

    it("speaks English to a person who chose it", async () => {
      await app.chat("web-en", "/lang en");
      await app.chat("web-en", "/dangky");
      await app.chat("web-en", "1");
      const typo = await app.chat("web-en", "xa Tan Lapp");
      expect(typo.replies[0].text).toContain("I don't know a commune or ward called “xa Tan Lapp”. Did you mean one of the places below?");
      expect(labels(typo.replies[0])).toEqual(["Xã Tân Lập", "Whole province"]);
      await app.chat("web-en", "cancel");
      const far = await app.chat("web-en", "có việc làm nào ở Hà Nội không");
      expect(far.replies[0].text).toContain("“Hà Nội” is not a commune or ward I know");
    });

    it("refuses an unknown area in the subscription use case, with the close names, before writing anything", async () => {
      const user = await app.db.prisma.chatUser.findFirstOrThrow();
      const before = await app.db.prisma.subscription.count();
      const err = await app.db.prisma
        .$transaction((tx) => subscribe(tx, { userId: user.id, kinds: ["job"], area: "Rach Gai", cadence: "immediate", now: clock.now() }))
        .catch((e: unknown) => e);
      expect(isAppError(err, "bad_request")).toBe(true);
      expect((err as { detail: unknown }).detail).toMatchObject({ field: "area", reason: "unknownPlace", suggestions: ["Phường Rạch Giá"] });
      expect(await app.db.prisma.subscription.count()).toBe(before);
    });

    it("refuses an unknown broadcast area with 400 and the close names, and sends nothing", async () => {
      const far = await compose("Hà Nội");
      expect(far.status).toBe(400);
      const farHtml = await far.text();
      expect(farHtml).toContain("Địa bàn: “Hà Nội” không phải xã, phường nào đã thêm trong Cài đặt");
      expect(farHtml).not.toContain("Sẽ gửi tới");
      const typo = await compose("Rach Gai");
      expect(typo.status).toBe(400);
      expect(await typo.text()).toContain("Có phải là: Phường Rạch Giá?");
      const known = await compose("rach gia");
      expect(known.status).toBe(200);
      const knownHtml = await known.text();
      expect(knownHtml).toContain("Sẽ gửi tới");
      expect(knownHtml).toContain("Phường Rạch Giá");
      const err = await sendBroadcast({ db: app.db, actor: coordinatorActor, input: { kind: "announcement", text: "Ngày hội việc làm thanh niên.", segment: { area: "Hà Nội" } }, now: clock.now() }).catch((e: unknown) => e);
      expect((err as { detail: unknown }).detail).toMatchObject({ path: "segment.area", reason: "unknownPlace" });
      expect(await app.db.prisma.broadcast.count()).toBe(0);
    });

    it("still lets a broadcast reach an area subscribers chose before any commune was registered", async () => {
      // Chosen while anything was accepted, and not registered since.
      await app.db.prisma.subscription.update({ where: { userId: users.get("web-truoc")! }, data: { area: "Giục Tượng", areaKey: "giuc tuong" } });
      const res = await compose("Giục Tượng");
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Sẽ gửi tới");
    });

    it("finds a registered place typed in a sentence whose last syllable looks like a tone word", async () => {
      await registerCommune("UBND xã Thanh Hà");
      const known = await loadKnownPlaces(app.db.prisma, clock.now());
      for (const typed of ["ở xã Thanh Hà", "em ở Thanh Hà ạ", "thanh ha"]) expect(resolvePlace(known, typed), typed).toMatchObject({ place: "Xã Thanh Hà" });
    });

    it("reads a one-word or numbered place only with its level or after 'ở'", () => {
      const places = [{ placeKey: "phuong 3" }, { placeKey: "xa hoa" }, { placeKey: "phuong rach gia" }];
      expect(readOpportunityAsk("có khóa học nghề nào 3 tháng không", places).placeKey).toBeUndefined();
      expect(readOpportunityAsk("có việc làm nào ở Hòa Bình không", places).placeKey).toBeUndefined();
      expect(readOpportunityAsk("có việc làm nào ở phường 3 không", places).placeKey).toBe("phuong 3");
      expect(readOpportunityAsk("có việc làm nào ở Hòa không", places).placeKey).toBe("xa hoa");
      expect(readOpportunityAsk("việc làm Rạch Giá", places).placeKey).toBe("phuong rach gia");
    });

    it("tells a person asking for opportunities in a place we do not know, and offers the whole province and subscribing", async () => {
      const far = await app.chat("web-hoi", "có việc làm nào ở Hà Nội không");
      expect(far.kind).toBe("opportunities");
      expect(far.replies[0].text).toContain("“Hà Nội” không phải tên xã, phường nào mình biết, nên mình chưa có cơ hội nào ở đó.");
      expect(far.replies[0].text).not.toContain("Tuyển");
      expect(labels(far.replies[0])).toEqual(["📋 Cơ hội cả tỉnh", "🔔 Đăng ký nhận tin"]);
      const whole = await app.chat("web-hoi", "1");
      expect(whole.replies[0].text).toContain("Tuyển thợ hàn");
      expect(whole.replies[0].text).toContain("Tuyển hướng dẫn viên");

      const typo = await app.chat("web-hoi", "có việc làm nào ở Rach Gai không");
      expect(labels(typo.replies[0])).toEqual(["Phường Rạch Giá", "📋 Cơ hội cả tỉnh", "🔔 Đăng ký nhận tin"]);
      const there = await app.chat("web-hoi", "1");
      expect(there.replies[0].text).toContain("Tuyển thợ hàn");
      expect(there.replies[0].text).not.toContain("Tuyển hướng dẫn viên");

      // A registered commune with nothing open: said so, never the whole province's list instead.
      const empty = await app.chat("web-hoi", "có việc làm nào ở xã Hòn Đất không");
      expect(empty.replies[0].text).toContain("Hiện chưa có cơ hội nào đang mở phù hợp (việc làm ở Xã Hòn Đất)");
      expect(empty.replies[0].text).not.toContain("Tuyển");
      expect(labels(empty.replies[0])).toEqual(["📋 Cơ hội cả tỉnh", "🔔 Đăng ký nhận tin"]);

      // A place we know with opportunities: listed as before.
      const known = await app.chat("web-hoi", "có việc làm nào ở Rạch Giá không");
      expect(known.replies[0].text).toContain("1. Tuyển thợ hàn — Trung tâm Dịch vụ việc làm, Phường Rạch Giá");
      expect(known.replies[0].text).not.toContain("Phú Quốc");
    });
  });
});
