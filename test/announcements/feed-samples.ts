// Sample feeds as departments publish them, for the feed tests (the clock stands at 1 March 2027):
// an RSS 2.0 channel of jobs (a deadline in the text, an event-module fair, an item already over,
// one with no date, one with an http link; a DOCTYPE that is skipped), an Atom feed of the Youth Union, and an iCalendar file
// with folded lines, escaped text, a VALARM, Vietnam-time, UTC and all-day events, one already over
// and one cancelled.

export const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [<!ENTITY boom "BOOMBOOMBOOMBOOM">]>
<rss version="2.0" xmlns:ev="http://purl.org/rss/1.0/modules/event/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Việc làm Kiên Giang</title>
  <link>https://vieclam.example.vn/</link>
  <item>
    <title>Tuyển 20 công nhân may &amp; đóng gói</title>
    <link>https://vieclam.example.vn/tin/1</link>
    <guid isPermaLink="false">vl-1</guid>
    <description><![CDATA[<p>Công ty May Rạch Giá tuyển 20 công nhân. <b>Hạn nộp hồ sơ: 31/03/2027</b>.</p>]]></description>
    <dc:creator>Công ty May Rạch Giá</dc:creator>
  </item>
  <item>
    <title>Ngày hội việc làm tháng 3</title>
    <link>https://vieclam.example.vn/tin/2</link>
    <guid>vl-2</guid>
    <category>Ngày hội việc làm</category>
    <ev:startdate>2027-03-20T07:30:00+07:00</ev:startdate>
    <ev:enddate>2027-03-20T11:30:00+07:00</ev:enddate>
    <ev:location>Phường Rạch Giá</ev:location>
    <ev:organizer>Trung tâm Dịch vụ việc làm</ev:organizer>
  </item>
  <item>
    <title>Tuyển thợ hàn (đã hết hạn)</title>
    <link>https://vieclam.example.vn/tin/3</link>
    <guid>vl-3</guid>
    <description>Hạn nộp hồ sơ: 15/02/2027</description>
  </item>
  <item>
    <title>Tuyển nhân viên bán hàng</title>
    <link>https://vieclam.example.vn/tin/4</link>
    <guid>vl-4</guid>
    <description>Liên hệ trực tiếp cửa hàng.</description>
  </item>
  <item>
    <title>Tuyển lái xe giao hàng</title>
    <link>http://vieclam.example.vn/tin/5</link>
    <guid>vl-5</guid>
    <description>Hạn nộp hồ sơ: 30/04/2027</description>
  </item>
</channel>
</rss>`;

export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Tỉnh đoàn Kiên Giang</title>
  <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>
  <updated>2027-02-20T08:00:00Z</updated>
  <entry>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <title type="html">Cuộc thi &lt;b&gt;Ý tưởng khởi nghiệp&lt;/b&gt; thanh niên 2027</title>
    <link rel="alternate" href="https://tinhdoan.example.vn/khoi-nghiep"/>
    <updated>2027-02-20T08:00:00Z</updated>
    <summary>Hạn đăng ký: 2027-04-15. Dành cho thanh niên 18–35 tuổi.</summary>
    <category term="startup_call"/>
    <author><name>Tỉnh đoàn Kiên Giang</name></author>
  </entry>
</feed>`;

/** CRLF line ends and 75-octet folding, as calendar programs write them. */
export const ICS = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Tinh doan//Lich//VI",
  "X-WR-CALNAME:Lịch Tỉnh đoàn",
  "BEGIN:VEVENT",
  "UID:ev-1@tinhdoan.example.vn",
  "SUMMARY:Khóa tập huấn kỹ năng số cho thanh niên nông thôn và bộ đội xuất ngũ tạ",
  " i Rạch Giá",
  "DTSTART;TZID=Asia/Ho_Chi_Minh:20270310T080000",
  "DTEND;TZID=Asia/Ho_Chi_Minh:20270310T113000",
  "LOCATION:Phường Vĩnh Thanh\\, Rạch Giá",
  "URL:https://tinhdoan.example.vn/tap-huan",
  "DESCRIPTION:Buổi sáng: tập huấn.\\nBuổi chiều: thực hành\\; mang theo điện thoại.",
  "ORGANIZER;CN=\"Tỉnh đoàn Kiên Giang\":mailto:tinhdoan@example.vn",
  "CATEGORIES:Khóa học",
  "BEGIN:VALARM",
  "ACTION:DISPLAY",
  "DESCRIPTION:Nhắc trước 1 ngày",
  "TRIGGER:-P1D",
  "END:VALARM",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:ev-2@tinhdoan.example.vn",
  "SUMMARY:Chiến dịch tình nguyện Mùa xuân",
  "DTSTART;VALUE=DATE:20270322",
  "DTEND;VALUE=DATE:20270324",
  "LOCATION:Xã Tân Hiệp",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:ev-3@tinhdoan.example.vn",
  "SUMMARY:Giao lưu thanh niên trực tuyến",
  "DTSTART:20270405T013000Z",
  "DURATION:PT2H",
  "LOCATION:online",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:ev-4@tinhdoan.example.vn",
  "SUMMARY:Hội thao tháng Hai (đã qua)",
  "DTSTART;VALUE=DATE:20270201",
  "LOCATION:Phường Rạch Giá",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:ev-5@tinhdoan.example.vn",
  "SUMMARY:Buổi gặp mặt đã hủy",
  "STATUS:CANCELLED",
  "DTSTART;VALUE=DATE:20270325",
  "LOCATION:Phường Rạch Giá",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");
