// Reading feeds as departments publish them: RSS 2.0, Atom and iCalendar into items with the
// dates a young person will be shown (Vietnam time), and the address rule that keeps a feed from
// reaching into the server's own network. Pure functions: no server, no database.
import { describe, expect, it } from "vitest";
import { checkFeedUrl, isPrivateAddress } from "../../src/announcements/feeds/feed-address.ts";
import { parseFeed } from "../../src/announcements/feeds/parse-feed.ts";
import { isAppError } from "../../src/errors.ts";
import { vietnamDayEnd } from "../../src/vietnam-time.ts";
import { ATOM, ICS, RSS } from "./feed-samples.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("reading feeds", () => {
  it("reads an RSS channel: GUIDs, titles with entities, authors, a deadline named in the text, event-module dates", () => {
    const feed = parseFeed(bytes(RSS));
    expect(feed).toMatchObject({ format: "rss", title: "Việc làm Kiên Giang" });
    expect(feed.items.map((i) => i.guid)).toEqual(["vl-1", "vl-2", "vl-3", "vl-4", "vl-5"]);
    const [job, fair, , noDate] = feed.items;
    expect(job).toMatchObject({ title: "Tuyển 20 công nhân may & đóng gói", organiser: "Công ty May Rạch Giá", link: "https://vieclam.example.vn/tin/1", startsAt: null, endsAt: null });
    expect(job!.description).toBe("Công ty May Rạch Giá tuyển 20 công nhân. Hạn nộp hồ sơ: 31/03/2027 .");
    expect(job!.deadline?.toISOString()).toBe(vietnamDayEnd("2027-03-31").toISOString());
    expect(fair).toMatchObject({ organiser: "Trung tâm Dịch vụ việc làm", place: "Phường Rạch Giá", categories: ["Ngày hội việc làm"] });
    expect(fair!.startsAt?.toISOString()).toBe("2027-03-20T00:30:00.000Z");
    expect(fair!.endsAt?.toISOString()).toBe("2027-03-20T04:30:00.000Z");
    expect(noDate).toMatchObject({ startsAt: null, endsAt: null, deadline: null });
  });

  it("reads an Atom feed: escaped HTML in a title becomes plain text, the author is the organiser", () => {
    const feed = parseFeed(bytes(ATOM));
    expect(feed).toMatchObject({ format: "atom", title: "Tỉnh đoàn Kiên Giang" });
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({
      guid: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
      title: "Cuộc thi Ý tưởng khởi nghiệp thanh niên 2027",
      link: "https://tinhdoan.example.vn/khoi-nghiep",
      organiser: "Tỉnh đoàn Kiên Giang",
      categories: ["startup_call"],
    });
    expect(feed.items[0]!.deadline?.toISOString()).toBe(vietnamDayEnd("2027-04-15").toISOString());
  });

  it("reads iCalendar events: folded lines, escaped text, Vietnam time, UTC, all-day days, a VALARM inside, a cancelled event left out", () => {
    const feed = parseFeed(bytes(ICS));
    expect(feed).toMatchObject({ format: "ical", title: "Lịch Tỉnh đoàn" });
    expect(feed.items.map((i) => i.guid)).toEqual(["ev-1@tinhdoan.example.vn", "ev-2@tinhdoan.example.vn", "ev-3@tinhdoan.example.vn", "ev-4@tinhdoan.example.vn"]);
    const [course, volunteering, online] = feed.items;
    expect(course).toMatchObject({
      title: "Khóa tập huấn kỹ năng số cho thanh niên nông thôn và bộ đội xuất ngũ tại Rạch Giá",
      place: "Phường Vĩnh Thanh, Rạch Giá",
      link: "https://tinhdoan.example.vn/tap-huan",
      organiser: "Tỉnh đoàn Kiên Giang",
      description: "Buổi sáng: tập huấn.\nBuổi chiều: thực hành; mang theo điện thoại.",
      categories: ["Khóa học"],
    });
    // 08:00–11:30 in Vietnam is 01:00–04:30 UTC.
    expect(course!.startsAt?.toISOString()).toBe("2027-03-10T01:00:00.000Z");
    expect(course!.endsAt?.toISOString()).toBe("2027-03-10T04:30:00.000Z");
    // All day on the 22nd and 23rd: DTEND (the 24th) is exclusive, so it ends at the last moment of the 23rd.
    expect(volunteering!.startsAt?.toISOString()).toBe("2027-03-21T17:00:00.000Z");
    expect(volunteering!.endsAt?.toISOString()).toBe(vietnamDayEnd("2027-03-23").toISOString());
    expect(online!.startsAt?.toISOString()).toBe("2027-04-05T01:30:00.000Z");
    expect(online!.endsAt?.toISOString()).toBe("2027-04-05T03:30:00.000Z");
  });

  it("reads a one-day all-day event as its day, a zone the file defines with one offset, and refuses an unknown zone", () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "BEGIN:VTIMEZONE",
      "TZID:Custom/Plus8",
      "BEGIN:STANDARD",
      "TZOFFSETFROM:+0800",
      "TZOFFSETTO:+0800",
      "DTSTART:19700101T000000",
      "END:STANDARD",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:a",
      "SUMMARY:Một ngày",
      "DTSTART;VALUE=DATE:20270330",
      "DTEND;VALUE=DATE:20270331",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:b",
      "SUMMARY:Giờ +8",
      "DTSTART;TZID=Custom/Plus8:20270330T090000",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:c",
      "SUMMARY:Múi giờ lạ",
      "DTSTART;TZID=Europe/Nowhere:20270330T090000",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\n");
    const [oneDay, plus8, unknown] = parseFeed(bytes(ics)).items;
    expect(oneDay).toMatchObject({ endsAt: null });
    expect(oneDay!.startsAt?.toISOString()).toBe("2027-03-29T17:00:00.000Z");
    expect(plus8!.startsAt?.toISOString()).toBe("2027-03-30T01:00:00.000Z");
    expect(unknown).toMatchObject({ startsAt: null, badDate: "startsAt" });
  });

  it("never expands entities a DOCTYPE declares, and refuses what is not a feed", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>x</title><item><guid>1</guid><title>&b;&b;&b;</title></item></channel></rss>`;
    expect(parseFeed(bytes(bomb)).items[0]!.title).toBe("&b;&b;&b;");
    for (const text of ["<!doctype html><html><body>Không phải nguồn cấp</body></html>", "{\"items\": []}", ""]) {
      let caught: unknown;
      try {
        parseFeed(bytes(text));
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught, "feed.fetch") && caught.detail.reason, text).toBe("format");
    }
  });
});

describe("feed addresses", () => {
  it("counts loopback, private, link-local, carrier-grade NAT and their IPv6 forms as private, and public addresses as public", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "not-an-ip"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "14.225.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("takes http and https only, without credentials, and refuses private hosts unless allowed", () => {
    const reason = (url: string, allowPrivate = false) => {
      try {
        checkFeedUrl(url, { allowPrivate });
        return "ok";
      } catch (err) {
        return isAppError(err, "bad_request") ? String(err.detail?.reason) : "other";
      }
    };
    expect(reason("https://tinhdoan.example.vn/lich.ics")).toBe("ok");
    expect(reason("http://vieclam.example.vn/rss")).toBe("ok");
    expect(reason("ftp://vieclam.example.vn/rss")).toBe("scheme");
    expect(reason("file:///etc/passwd")).toBe("scheme");
    expect(reason("javascript:alert(1)")).toBe("scheme");
    expect(reason("https://user:pass@vieclam.example.vn/rss")).toBe("credentials");
    expect(reason("not a url")).toBe("url");
    expect(reason(`https://example.vn/${"a".repeat(600)}`)).toBe("long");
    for (const url of ["http://127.0.0.1:8080/rss", "http://localhost/rss", "http://printer.local/", "http://[::1]/rss", "http://10.0.0.5/feed", "http://169.254.169.254/latest/meta-data", "http://2130706433/"]) {
      expect(reason(url), url).toBe("address");
    }
    expect(reason("http://127.0.0.1:8080/rss", true)).toBe("ok");
  });
});
