// The audit log as an administrator reads it: each action has a name and a sentence, in Vietnamese
// and English, built from the action and its JSON detail with people's, departments' and
// documents' names — never a code, never raw JSON — and every action written anywhere in src/ is
// in the dictionary.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../src/db/audit-log.ts";
import { defaultTopics } from "../../src/knowledge/topics.ts";
import { actorName, describeAuditEntry, type AuditNames } from "../../src/proposals/describe-audit-entry.ts";
import { actionLabel, AUDIT_ACTION_TEXTS } from "../../src/proposals/labels.ts";
import { repoRoot } from "../support/env.ts";

const names: AuditNames = {
  staff: (email) => ({ "a@sonoivu.gov.vn": "Nguyễn Văn A", "lan@sogddt.gov.vn": "Trần Thị Lan" })[email],
  department: (id) => ({ d1: "Sở Nội vụ", d2: "Sở Giáo dục và Đào tạo", d3: "Tỉnh đoàn (điều phối)" })[id],
  document: (p) => ({ "uploads/lich-tiep.md": "Lịch tiếp thanh niên" })[p],
  topic: (code) => defaultTopics().name(code),
};

const row = (action: string, detail: Record<string, unknown> = {}, target: string | null = null, actor = "a@sonoivu.gov.vn") => ({
  action,
  actor,
  target,
  detail: JSON.stringify(detail),
});

const sentence = (...args: Parameters<typeof row>) => describeAuditEntry(row(...args), names).sentence;

describe("audit sentences", () => {
  it("reads a reassignment as who moved which item to which department", () => {
    const entry = row("proposal.reassign", { from: "received", to: "routed", fromDepartmentId: "d3", toDepartmentId: "d1" }, "KN-2026-00001");
    expect(describeAuditEntry(entry, names)).toEqual({
      label: "Chuyển đơn vị",
      sentence: "Nguyễn Văn A chuyển kiến nghị KN-2026-00001 sang Sở Nội vụ (trước đó: Tỉnh đoàn (điều phối))",
      account: "a@sonoivu.gov.vn",
    });
    expect(describeAuditEntry(entry, names, "en").sentence).toBe("Nguyễn Văn A sent proposal KN-2026-00001 to Sở Nội vụ (before: Tỉnh đoàn (điều phối))");
  });

  it("reads views of personal data, answers, notes and uploads", () => {
    expect(sentence("personal_data.view", { field: "contact", session: "0123456789abcdef01234567" }, "KN-2026-00002")).toBe(
      "Nguyễn Văn A xem dữ liệu cá nhân (thông tin liên hệ) của người gửi kiến nghị KN-2026-00002",
    );
    expect(sentence("personal_data.view", { field: "contact", codes: ["KN-2026-00002", "CH-2026-00003"] }, null, "api:lan@sogddt.gov.vn")).toBe(
      "Trần Thị Lan (qua API) xem dữ liệu cá nhân (thông tin liên hệ) của người gửi 2 mục: KN-2026-00002, CH-2026-00003",
    );
    expect(sentence("proposal.answer", { from: "in_progress", delivered: true, length: 80 }, "CH-2026-00004")).toBe("Nguyễn Văn A trả lời câu hỏi CH-2026-00004");
    expect(sentence("proposal.answer", { from: "in_progress", delivered: false, length: 80 }, "KN-2026-00005")).toBe(
      "Nguyễn Văn A trả lời kiến nghị KN-2026-00005 (chưa gửi được cho người gửi)",
    );
    expect(sentence("proposal.note", { length: 12 }, "KN-2026-00005")).toBe("Nguyễn Văn A thêm ghi chú nội bộ vào kiến nghị KN-2026-00005");
    expect(sentence("document.upload", { status: "created", chunks: 3, bytes: 900, originalName: "lich-tiep.md" }, "uploads/lich-tiep.md")).toBe(
      "Nguyễn Văn A thêm tài liệu “Lịch tiếp thanh niên” vào kho tri thức (3 đoạn)",
    );
    // A document since deleted is named by what the row remembers.
    expect(sentence("document.delete", { title: "Hỏi đáp cũ" }, "uploads/cu.md")).toBe("Nguyễn Văn A xóa tài liệu “Hỏi đáp cũ”");
  });

  it("names statuses, roles, topics, departments and the system, never their codes", () => {
    expect(sentence("proposal.status", { from: "routed", to: "in_progress" }, "KN-2026-00006")).toBe("Nguyễn Văn A nhận xử lý kiến nghị KN-2026-00006");
    expect(sentence("proposal.status", { from: "answered", to: "in_progress" }, "KN-2026-00006")).toBe("Nguyễn Văn A mở lại kiến nghị KN-2026-00006");
    expect(sentence("proposal.status", { from: "in_progress", to: "rejected", note: "Trùng nội dung" }, "KN-2026-00006")).toBe(
      "Nguyễn Văn A từ chối kiến nghị KN-2026-00006. Lý do: Trùng nội dung",
    );
    expect(sentence("proposal.status", { from: "received", to: "answered" }, "KN-2026-00006")).toBe(
      "Nguyễn Văn A chuyển kiến nghị KN-2026-00006 từ “Mới tiếp nhận” sang trạng thái “Đã trả lời”",
    );
    expect(sentence("staff.create", { role: "department", departmentId: "d2" }, "lan@sogddt.gov.vn", "system:config")).toBe(
      "Hệ thống tạo tài khoản Trần Thị Lan (lan@sogddt.gov.vn) (Cán bộ đơn vị, Sở Giáo dục và Đào tạo)",
    );
    expect(sentence("routingRule.create", { departmentId: "d1", topic: "viec-lam", keywords: "việc làm, tìm việc", priority: 0 }, "r1")).toBe(
      "Nguyễn Văn A thêm quy tắc phân loại cho Sở Nội vụ: từ khóa “việc làm, tìm việc”, chủ đề Việc làm",
    );
    expect(sentence("proposal.escalate", { departmentId: "d1", dueAt: "2026-03-04T16:59:59.999Z" }, "KN-2026-00007", "system:deadlines")).toBe(
      "Hệ thống báo điều phối viên: kiến nghị KN-2026-00007 của Sở Nội vụ đã quá hạn trả lời (04/03/2026)",
    );
    expect(sentence("dataRequest.overdue", { kind: "erase", dueAt: "2026-03-04T16:59:59.999Z" }, "req1", "system:data-requests")).toBe(
      "Yêu cầu về dữ liệu cá nhân (Xóa dữ liệu) đã quá hạn phản hồi (04/03/2026)",
    );
    expect(sentence("proposal.export", { format: "xlsx", rows: 12, filter: { status: "open" } })).toBe("Nguyễn Văn A xuất 12 mục ra tệp Excel");
    expect(sentence("auth.signInDelayed", { scope: "address", waitSeconds: 2 }, "10.0.0.9", "10.0.0.9")).toBe(
      "Nhiều lần đăng nhập sai từ địa chỉ mạng 10.0.0.9: lần thử tiếp theo phải chờ 2 giây",
    );
    expect(actorName("cli", names)).toBe("Quản trị viên (dòng lệnh)");
    expect(actorName("nobody@example.org", names)).toBe("nobody@example.org");
  });

  it("falls back to a plain sentence for an unknown action or a detail that is not JSON", () => {
    const unknown = describeAuditEntry(row("proposal.teleport", { to: "mars" }, "KN-2026-00008"), names);
    expect(unknown).toMatchObject({ label: "Thao tác khác", sentence: "Nguyễn Văn A thực hiện một thao tác chưa có tên trong từ điển với kiến nghị KN-2026-00008" });
    const broken = describeAuditEntry({ ...row("proposal.reassign", {}, "KN-2026-00009"), detail: "{not json" }, names);
    expect(broken.sentence).toBe("Nguyễn Văn A chuyển kiến nghị KN-2026-00009 sang đơn vị khác");
    const wrongTypes = describeAuditEntry(row("proposal.export", { rows: "many", format: 7 }), names);
    expect(wrongTypes.sentence).toBe("Nguyễn Văn A xuất các mục ra tệp dữ liệu");
  });

  it("gives every action both languages, and no sentence shows a code or JSON", () => {
    const topicCodes = defaultTopics().codes();
    const statusCodes = ["received", "routed", "in_progress", "answered", "closed", "rejected"];
    const detail = { from: "received", to: "closed", departmentId: "d1", toDepartmentId: "d2", fromDepartmentId: "d1", topic: "van-hoa-the-thao", role: "coordinator", kind: "access", status: "created", chunks: 2, rows: 3, format: "csv", staff: "lan@sogddt.gov.vn", name: "hệ thống văn bản", keywords: "sân bóng", citation: "Điều 5", into: "KN-2026-00002", dueAt: "2026-03-04T00:00:00Z" };
    for (const action of AUDIT_ACTIONS) {
      for (const locale of ["vi", "en"] as const) {
        expect(AUDIT_ACTION_TEXTS[locale][action].label, `${locale} ${action}`).not.toBe("");
        const { label, sentence: text } = describeAuditEntry(row(action, detail, "KN-2026-00001"), names, locale);
        expect(label).not.toBe(actionLabel("no.such.action", locale));
        expect(`${label} ${text}`, `${locale} ${action}`).not.toContain(action);
        expect(text, `${locale} ${action}`).not.toMatch(/[{}]|undefined|null|\[object/);
        // In English "answered" and "closed" are words, not codes; in Vietnamese any of them is a code.
        for (const code of [...topicCodes, ...(locale === "vi" ? statusCodes : []), "d1", "d2", "coordinator", "access"]) expect(text, `${locale} ${action}`).not.toMatch(new RegExp(`(^|[^\\w-])${code}($|[^\\w-])`));
      }
    }
  });

  it("knows every action code written anywhere in src/", () => {
    const written = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts")) {
          const source = readFileSync(file, "utf8");
          if (!/recordAudit|AuditOfChange|AuditAction/.test(source)) continue;
          for (const m of source.matchAll(/action: "([A-Za-z_.]+)"/g)) written.add(m[1]!);
          for (const m of source.matchAll(/action: [^,\n]*\? "([A-Za-z_]+\.[A-Za-z_.]+)" : "([A-Za-z_]+\.[A-Za-z_.]+)"/g)) written.add(m[1]!).add(m[2]!);
        }
      }
    };
    walk(path.join(repoRoot, "src"));
    expect(written.size).toBeGreaterThan(20);
    for (const action of written) expect(AUDIT_ACTIONS as readonly string[], action).toContain(action);
  });
});
