// The exported files as a coordinator opens them in Excel: Vietnamese column headers in row 1, and
// topics, statuses, kinds and channels by name — the codes the database keeps never reach a cell.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { toCsv, toXlsx } from "../../src/console/export-files.ts";
import { defaultTopics } from "../../src/knowledge/topics.ts";
import type { ExportRow } from "../../src/proposals/export-proposals.ts";
import { PROPOSAL_STATUSES } from "../../src/proposals/proposal-status.ts";

const HEADERS = ["Mã", "Loại", "Ngày gửi", "Kênh", "Đơn vị", "Chủ đề", "Trạng thái", "Nội dung", "Hạn trả lời", "Ngày trả lời", "Đúng hạn", "Câu trả lời", "Đánh giá", "Liên hệ (đã đồng ý)"];

const rows: ExportRow[] = [
  {
    code: "KN-2026-00001",
    kind: "proposal",
    status: "in_progress",
    channel: "telegram",
    createdAt: new Date("2026-03-02T02:00:00Z"),
    departmentName: "Sở Văn hóa, Thể thao và Du lịch",
    topic: "van-hoa-the-thao",
    content: "Xã em chưa có sân bóng cho thanh niên, mong tỉnh đầu tư xây dựng",
    dueAt: new Date("2026-03-20T16:59:59Z"),
    answeredAt: null,
    answeredOnTime: null,
    answer: "",
    rating: "",
    contact: "",
  },
  {
    code: "CH-2026-00002",
    kind: "question",
    status: "answered",
    channel: "web",
    createdAt: new Date("2026-03-03T02:00:00Z"),
    departmentName: "Sở Nội vụ",
    topic: "viec-lam",
    content: "Thanh niên mới ra trường tìm việc ở đâu?",
    dueAt: new Date("2026-03-20T16:59:59Z"),
    answeredAt: new Date("2026-03-05T03:00:00Z"),
    answeredOnTime: true,
    answer: "Bạn đến Trung tâm Dịch vụ việc làm của tỉnh.",
    rating: "helpful",
    contact: "",
  },
];

/** Fails on any topic, status, kind, channel or rating code standing alone in a cell. */
function expectNoCodes(cells: string[]): void {
  const codes = [...defaultTopics().codes(), ...PROPOSAL_STATUSES, "proposal", "question", "telegram", "web", "helpful", "not_helpful"];
  for (const cell of cells) for (const code of codes) expect(cell.trim(), cell).not.toBe(code);
}

describe("export files", () => {
  it("opens in Excel with Vietnamese headers in row 1 and names in the cells", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx(rows)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe("Kiến nghị");
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(HEADERS);
    const first = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
    expect(first.slice(0, 7)).toEqual(["KN-2026-00001", "Kiến nghị", "09:00 02/03/2026", "Telegram", "Sở Văn hóa, Thể thao và Du lịch", "Văn hóa, thể thao", "Đang xử lý"]);
    const second = (sheet.getRow(3).values as unknown[]).slice(1).map(String);
    expect(second[5]).toBe("Việc làm");
    expect(second[6]).toBe("Đã trả lời");
    expect(second[10]).toBe("Có");
    expect(second[12]).toBe("Hữu ích");
    expectNoCodes([...first, ...second]);
  });

  it("writes the same headers and names to CSV", () => {
    const csv = toCsv(rows);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).trim().split("\r\n");
    expect(lines[0]).toBe(HEADERS.map((h) => `"${h}"`).join(","));
    const cells = lines.slice(1).flatMap((line) => line.slice(1, -1).split('","'));
    expect(cells).toContain("Câu hỏi");
    expect(cells).toContain("Trang web");
    expectNoCodes(cells);
  });
});
