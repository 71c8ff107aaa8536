// The one dictionary of names people see for the codes the queue and the audit log store:
// statuses, kinds, channels, staff roles, data request kinds and audit actions, in Vietnamese and
// English, with the sentence each audit action reads as. Codes stay in the database and the API
// (machines want codes); the chat, console, dashboard, exports and the audit page show these
// names. Topic names come from knowledge/topics.json, department names from the Department table.
// The chat's own phrasing of a status ("đã được chuyển tới Sở Nội vụ") is a sentence, not a name,
// and stays in prompts/<locale>.yaml with the rest of the chat's voice.
import type { AuditAction } from "../db/audit-log.ts";
import type { Locale } from "../prompts.ts";
import type { StaffRole } from "../staff/staff-scope.ts";
import type { ProposalKind, ProposalStatus } from "./proposal-status.ts";
import type { DepartmentKind } from "./save-department.ts";

type Names<K extends string> = Record<Locale, Record<K, string>>;

export const STATUS_NAMES: Names<ProposalStatus> = {
  vi: { received: "Mới tiếp nhận", routed: "Đã chuyển đơn vị", in_progress: "Đang xử lý", answered: "Đã trả lời", closed: "Đã đóng", rejected: "Từ chối" },
  en: { received: "Received", routed: "Sent to a department", in_progress: "In progress", answered: "Answered", closed: "Closed", rejected: "Rejected" },
};

export const KIND_NAMES: Names<ProposalKind> = {
  vi: { proposal: "Kiến nghị", question: "Câu hỏi", idea: "Ý tưởng, sáng kiến", report: "Báo cáo vi phạm quyền" },
  en: { proposal: "Proposal", question: "Question", idea: "Idea, initiative", report: "Rights violation report" },
};

export const CHANNEL_NAMES: Names<"web" | "telegram" | "zalo"> = {
  vi: { web: "Trang web", telegram: "Telegram", zalo: "Zalo" },
  en: { web: "Website", telegram: "Telegram", zalo: "Zalo" },
};

export const ROLE_NAMES: Names<StaffRole> = {
  vi: { admin: "Quản trị viên", coordinator: "Điều phối viên", department: "Cán bộ đơn vị" },
  en: { admin: "Administrator", coordinator: "Coordinator", department: "Department staff" },
};

export const DEPARTMENT_KIND_NAMES: Names<DepartmentKind> = {
  vi: { department: "Sở, ban, ngành", commune: "UBND xã, phường" },
  en: { department: "Provincial department", commune: "Commune/ward People's Committee" },
};

/** The kinds of src/privacy/data-request.ts (listed again here: proposals do not import privacy). */
export const DATA_REQUEST_KIND_NAMES: Names<"access" | "rectify" | "withdraw" | "restrict" | "object" | "erase" | "other"> = {
  vi: { access: "Xem, nhận bản sao", rectify: "Sửa dữ liệu", withdraw: "Rút lại đồng ý", restrict: "Hạn chế xử lý", object: "Phản đối xử lý", erase: "Xóa dữ liệu", other: "Khác" },
  en: { access: "Access, a copy", rectify: "Correct data", withdraw: "Withdraw consent", restrict: "Restrict processing", object: "Object to processing", erase: "Erase data", other: "Other" },
};

/** A name from one of the tables above; an unknown code is shown as it is rather than hidden. */
export function nameOf<K extends string>(names: Names<K>, code: string | null | undefined, locale: Locale = "vi"): string {
  if (!code) return "";
  return (names[locale] as Record<string, string>)[code] ?? code;
}

/**
 * What an audit sentence is built from, already turned into names by describe-audit-entry.ts:
 * never a code, never JSON. Empty strings and nulls mean "not known" and are left out.
 */
export interface AuditFacts {
  /** Who did it: a staff member's name, "… (qua API)", "Hệ thống". */
  actor: string;
  /** The target as people know it: "kiến nghị KN-2026-00001", a document's title, an account, a department. */
  target: string;
  /** Other items named in the detail: merged into, the FAQ's source, the items whose contacts were seen. */
  items: string[];
  department: string;
  fromDepartment: string;
  toDepartment: string;
  /** Status names before and after; the codes too, for sentences that depend on the move. */
  from: string;
  to: string;
  toStatus: string | null;
  fromStatus: string | null;
  note: string;
  role: string;
  active: boolean | null;
  delivered: boolean | null;
  /** A document's, a token's or a routing rule's own words (title, name, keywords). */
  title: string;
  topic: string;
  citation: string;
  requestKind: string;
  /** A date as people read it (dd/mm/yyyy, Vietnam time). */
  due: string;
  count: number | null;
  format: string;
  /** What a document's upload or a document's expiry did: created, updated, unchanged, expired, replaced. */
  outcome: string;
  replacedBy: string;
  /** auth.signInDelayed: one account, or one address. */
  scope: string;
  reason: string;
  /** The account a token belongs to. */
  owner: string;
}

const opt = (text: string, value: string | number | null | undefined) => (value === "" || value === null || value === undefined ? "" : text);
const quoted = (locale: Locale, s: string) => (locale === "vi" ? `“${s}”` : `"${s}"`);

interface ActionText {
  label: string;
  sentence: (f: AuditFacts) => string;
}

const vi: Record<AuditAction, ActionText> = {
  "auth.login": { label: "Đăng nhập", sentence: (f) => `${f.actor} đăng nhập trang quản trị` },
  "auth.logout": { label: "Đăng xuất", sentence: (f) => `${f.actor} đăng xuất` },
  "auth.loginFailed": {
    label: "Đăng nhập không thành công",
    sentence: (f) =>
      f.reason === "unknown"
        ? `Đăng nhập không thành công bằng email ${f.target}: không có tài khoản nào với email này`
        : f.reason === "inactive"
          ? `Đăng nhập không thành công vào tài khoản đã khóa ${f.target}`
          : `Đăng nhập không thành công vào tài khoản ${f.target}: sai mật khẩu`,
  },
  "auth.signInDelayed": {
    label: "Chờ đăng nhập lại",
    sentence: (f) =>
      `${f.scope === "address" ? `Nhiều lần đăng nhập sai từ địa chỉ mạng ${f.target}` : `Tài khoản ${f.target} bị nhập sai mật khẩu nhiều lần`}${opt(`: lần thử tiếp theo phải chờ ${f.count} giây`, f.count)}`,
  },
  "staff.create": {
    label: "Tạo tài khoản cán bộ",
    sentence: (f) => `${f.actor} tạo tài khoản ${f.target}${opt(` (${f.role}${opt(`, ${f.department}`, f.department)})`, f.role)}`,
  },
  "staff.role": {
    label: "Đổi vai trò cán bộ",
    sentence: (f) => `${f.actor} đổi vai trò của tài khoản ${f.target} thành ${f.role || "vai trò khác"}${opt(` (${f.department})`, f.department)}`,
  },
  "staff.active": {
    label: "Khóa hoặc mở tài khoản",
    sentence: (f) => `${f.actor} ${f.active === false ? "khóa" : "mở lại"} tài khoản ${f.target}`,
  },
  "staff.resetPassword": { label: "Cấp mật khẩu tạm", sentence: (f) => `${f.actor} cấp mật khẩu tạm thời mới cho tài khoản ${f.target}` },
  "staff.setPassword": { label: "Đặt mật khẩu", sentence: (f) => `${f.actor} đặt mật khẩu mới cho tài khoản ${f.target}` },
  "staff.changePassword": { label: "Đổi mật khẩu", sentence: (f) => `${f.actor} đổi mật khẩu của mình` },
  "token.create": {
    label: "Tạo khóa API",
    sentence: (f) => `${f.actor} tạo khóa API${opt(` ${quoted("vi", f.title)}`, f.title)}${opt(` cho ${f.owner}`, f.owner)}`,
  },
  "token.revoke": {
    label: "Thu hồi khóa API",
    sentence: (f) => `${f.actor} thu hồi khóa API${opt(` ${quoted("vi", f.title)}`, f.title)}${opt(` của ${f.owner}`, f.owner)}`,
  },
  "proposal.answer": {
    label: "Trả lời",
    sentence: (f) => `${f.actor} trả lời ${f.target}${f.delivered === false ? " (chưa gửi được cho người gửi)" : ""}`,
  },
  "proposal.status": {
    label: "Đổi trạng thái",
    sentence: (f) => {
      if (f.toStatus === "closed") return `${f.actor} đóng ${f.target}`;
      if (f.toStatus === "rejected") return `${f.actor} từ chối ${f.target}${opt(`. Lý do: ${f.note}`, f.note)}`;
      if (f.toStatus === "in_progress") {
        return f.fromStatus === "received" || f.fromStatus === "routed" ? `${f.actor} nhận xử lý ${f.target}` : `${f.actor} mở lại ${f.target}`;
      }
      return `${f.actor} chuyển ${f.target}${opt(` từ ${quoted("vi", f.from)}`, f.from)} sang trạng thái ${quoted("vi", f.to || "khác")}`;
    },
  },
  "proposal.reassign": {
    label: "Chuyển đơn vị",
    sentence: (f) =>
      `${f.actor} chuyển ${f.target} sang ${f.toDepartment || "đơn vị khác"}${opt(` (trước đó: ${f.fromDepartment})`, f.fromDepartment)}${opt(`, chủ đề ${f.topic}`, f.topic)}${opt(`. Ghi chú: ${f.note}`, f.note)}`,
  },
  "proposal.topic": {
    label: "Sửa chủ đề",
    sentence: (f) => `${f.actor} sửa chủ đề của ${f.target}${f.topic ? ` thành ${f.topic}` : ": bỏ chủ đề"}${opt(`. Ghi chú: ${f.note}`, f.note)}`,
  },
  "proposal.merge": { label: "Gộp mục", sentence: (f) => `${f.actor} gộp ${f.target} vào ${f.items[0] ?? "một mục khác"}` },
  "proposal.note": { label: "Ghi chú nội bộ", sentence: (f) => `${f.actor} thêm ghi chú nội bộ vào ${f.target}` },
  "proposal.export": {
    label: "Xuất danh sách",
    sentence: (f) => `${f.actor} xuất ${f.count ?? "các"} mục ra tệp ${f.format || "dữ liệu"}`,
  },
  "proposal.reminder": {
    label: "Nhắc hạn trả lời",
    sentence: (f) => `${f.actor} nhắc ${f.department || "đơn vị phụ trách"} trả lời ${f.target}${opt(` trước hạn ${f.due}`, f.due)}`,
  },
  "proposal.urgentNotice": {
    label: "Báo khẩn",
    sentence: (f) => `${f.actor} báo ngay điều phối viên: ${f.target} là báo cáo vi phạm quyền của thanh niên, trẻ em, cần xử lý khẩn`,
  },
  "proposal.escalate": {
    label: "Báo quá hạn",
    sentence: (f) => `${f.actor} báo điều phối viên: ${f.target}${opt(` của ${f.department}`, f.department)} đã quá hạn trả lời${opt(` (${f.due})`, f.due)}`,
  },
  "personal_data.view": {
    label: "Xem dữ liệu cá nhân",
    sentence: (f) =>
      f.target
        ? `${f.actor} xem dữ liệu cá nhân (thông tin liên hệ) của người gửi ${f.target}`
        : `${f.actor} xem dữ liệu cá nhân (thông tin liên hệ) của người gửi ${f.items.length} mục${opt(`: ${f.items.join(", ")}`, f.items.length)}`,
  },
  "department.create": { label: "Thêm đơn vị", sentence: (f) => `${f.actor} thêm đơn vị ${f.target}` },
  "department.update": { label: "Sửa đơn vị", sentence: (f) => `${f.actor} sửa thông tin đơn vị ${f.target}` },
  "routingRule.create": {
    label: "Thêm quy tắc phân loại",
    sentence: (f) =>
      `${f.actor} thêm quy tắc phân loại${opt(` cho ${f.department}`, f.department)}${opt(`: từ khóa ${quoted("vi", f.title)}`, f.title)}${opt(`, chủ đề ${f.topic}`, f.topic)}`,
  },
  "routingRule.update": {
    label: "Sửa quy tắc phân loại",
    sentence: (f) =>
      `${f.actor} sửa quy tắc phân loại${opt(` ${quoted("vi", f.title)}`, f.title)}${opt(` của ${f.department}`, f.department)}${opt(`, chủ đề ${f.topic}`, f.topic)}`,
  },
  "routingRule.delete": {
    label: "Xóa quy tắc phân loại",
    sentence: (f) => `${f.actor} xóa quy tắc phân loại${opt(` ${quoted("vi", f.title)}`, f.title)}${opt(` của ${f.department}`, f.department)}`,
  },
  "document.upload": {
    label: "Thêm tài liệu",
    sentence: (f) =>
      f.outcome === "unchanged"
        ? `${f.actor} tải lên lại tài liệu ${quoted("vi", f.target)} (nội dung không đổi)`
        : `${f.actor} ${f.outcome === "updated" ? "tải lên bản mới của" : "thêm"} tài liệu ${quoted("vi", f.target)}${f.outcome === "updated" ? "" : " vào kho tri thức"}${opt(` (${f.count} đoạn)`, f.count)}`,
  },
  "document.update": { label: "Sửa tài liệu", sentence: (f) => `${f.actor} sửa tài liệu ${quoted("vi", f.target)}` },
  "document.expire": {
    label: "Đánh dấu hết hiệu lực",
    sentence: (f) =>
      f.outcome === "replaced"
        ? `${f.actor} đánh dấu tài liệu ${quoted("vi", f.target)} đã được thay thế${opt(` bằng ${f.replacedBy}`, f.replacedBy)}`
        : `${f.actor} đánh dấu tài liệu ${quoted("vi", f.target)} hết hiệu lực`,
  },
  "document.delete": { label: "Xóa tài liệu", sentence: (f) => `${f.actor} xóa tài liệu ${quoted("vi", f.target)}` },
  "faq.save": {
    label: "Lưu mục hỏi đáp",
    sentence: (f) => `${f.actor} lưu mục hỏi đáp ${quoted("vi", f.target)} vào kho tri thức${opt(` từ câu trả lời của ${f.items[0]}`, f.items[0])}`,
  },
  "knowledge.phrasing.propose": { label: "Dạy cách hỏi mới", sentence: (f) => `${f.actor} dạy trợ lý một cách hỏi mới${opt(` cho đoạn ${f.citation}`, f.citation)}` },
  "knowledge.phrasing.approve": { label: "Duyệt cách hỏi", sentence: (f) => `${f.actor} duyệt một cách hỏi${opt(` cho đoạn ${f.citation}`, f.citation)}` },
  "knowledge.phrasing.reject": { label: "Từ chối cách hỏi", sentence: (f) => `${f.actor} từ chối một cách hỏi${opt(` cho đoạn ${f.citation}`, f.citation)}` },
  "dataRequest.close": {
    label: "Đóng yêu cầu về dữ liệu",
    sentence: (f) =>
      `${f.actor} đóng yêu cầu về dữ liệu cá nhân${opt(` (${f.requestKind})`, f.requestKind)}${f.delivered === false ? ", nhưng chưa gửi được phản hồi cho người yêu cầu" : " và gửi phản hồi cho người yêu cầu"}`,
  },
  "dataRequest.overdue": {
    label: "Yêu cầu về dữ liệu quá hạn",
    sentence: (f) => `Yêu cầu về dữ liệu cá nhân${opt(` (${f.requestKind})`, f.requestKind)} đã quá hạn phản hồi${opt(` (${f.due})`, f.due)}`,
  },  "round.open": { label: "Mở đợt đối thoại", sentence: (f) => `${f.actor} mở đợt ${quoted("vi", f.target)}` },
  "round.edit": { label: "Sửa đợt đối thoại", sentence: (f) => `${f.actor} sửa kế hoạch của đợt ${quoted("vi", f.target)}` },
  "round.agenda": {
    label: "Đưa vào chương trình đối thoại",
    sentence: (f) =>
      `${f.actor} đưa ${f.target} vào chương trình${opt(` ${quoted("vi", f.title)}`, f.title)}${opt(`, giao ${f.toDepartment || f.department} trả lời`, f.toDepartment || f.department)}${opt(` trước ${f.due}`, f.due)}`,
  },
  "round.publicText": { label: "Duyệt nội dung công khai", sentence: (f) => `${f.actor} duyệt nội dung công khai của ${f.target}${opt(` trong ${quoted("vi", f.title)}`, f.title)}` },
  "round.conclude": { label: "Ghi kết luận đối thoại", sentence: (f) => `${f.actor} ghi kết luận của ${quoted("vi", f.target)}` },
  "opportunity.create": { label: "Thêm cơ hội", sentence: (f) => `${f.actor} thêm cơ hội ${quoted("vi", f.title)}` },
  "opportunity.edit": { label: "Sửa cơ hội", sentence: (f) => `${f.actor} sửa cơ hội ${quoted("vi", f.title)}` },
  "opportunity.withdraw": { label: "Gỡ cơ hội", sentence: (f) => `${f.actor} gỡ cơ hội ${quoted("vi", f.title)}` },
  "opportunity.import": { label: "Nhập cơ hội từ tệp", sentence: (f) => `${f.actor} nhập ${f.count ?? 0} cơ hội${opt(` từ tệp ${quoted("vi", f.title)}`, f.title)}` },
  "opportunity.feedAdd": { label: "Thêm nguồn cấp cơ hội", sentence: (f) => `${f.actor} thêm nguồn cấp ${quoted("vi", f.title)}` },
  "opportunity.feedPause": { label: "Tạm dừng nguồn cấp", sentence: (f) => `${f.actor} tạm dừng nguồn cấp ${quoted("vi", f.title)}` },
  "opportunity.feedResume": { label: "Tiếp tục nguồn cấp", sentence: (f) => `${f.actor} cho lấy lại nguồn cấp ${quoted("vi", f.title)}` },
  "opportunity.feedDelete": { label: "Xóa nguồn cấp", sentence: (f) => `${f.actor} xóa nguồn cấp ${quoted("vi", f.title)}` },
  "broadcast.send": { label: "Gửi tin tới người đăng ký", sentence: (f) => `${f.actor} gửi ${quoted("vi", f.title)} tới ${f.count ?? 0} người đăng ký` },
  "broadcast.pause": { label: "Tạm dừng gửi tin", sentence: (f) => `${f.actor} tạm dừng gửi ${quoted("vi", f.title)}` },
  "broadcast.resume": { label: "Tiếp tục gửi tin", sentence: (f) => `${f.actor} tiếp tục gửi ${quoted("vi", f.title)}` },
  "broadcast.close": { label: "Đóng khảo sát", sentence: (f) => `${f.actor} đóng khảo sát ${quoted("vi", f.title)}` },
};

const en: Record<AuditAction, ActionText> = {
  "auth.login": { label: "Signed in", sentence: (f) => `${f.actor} signed in to the console` },
  "auth.logout": { label: "Signed out", sentence: (f) => `${f.actor} signed out` },
  "auth.loginFailed": {
    label: "Failed sign-in",
    sentence: (f) =>
      f.reason === "unknown"
        ? `Failed sign-in with ${f.target}: no account has this email`
        : f.reason === "inactive"
          ? `Failed sign-in to the deactivated account ${f.target}`
          : `Failed sign-in to ${f.target}: wrong password`,
  },
  "auth.signInDelayed": {
    label: "Sign-in delayed",
    sentence: (f) =>
      `${f.scope === "address" ? `Repeated failed sign-ins from the network address ${f.target}` : `Repeated wrong passwords for ${f.target}`}${opt(`: the next attempt must wait ${f.count} seconds`, f.count)}`,
  },
  "staff.create": {
    label: "Staff account created",
    sentence: (f) => `${f.actor} created the account ${f.target}${opt(` (${f.role}${opt(`, ${f.department}`, f.department)})`, f.role)}`,
  },
  "staff.role": {
    label: "Staff role changed",
    sentence: (f) => `${f.actor} made ${f.target} ${f.role || "another role"}${opt(` (${f.department})`, f.department)}`,
  },
  "staff.active": { label: "Account (de)activated", sentence: (f) => `${f.actor} ${f.active === false ? "deactivated" : "reactivated"} the account ${f.target}` },
  "staff.resetPassword": { label: "Temporary password", sentence: (f) => `${f.actor} gave ${f.target} a new temporary password` },
  "staff.setPassword": { label: "Password set", sentence: (f) => `${f.actor} set a new password for ${f.target}` },
  "staff.changePassword": { label: "Password changed", sentence: (f) => `${f.actor} changed their own password` },
  "token.create": { label: "API token created", sentence: (f) => `${f.actor} created the API token${opt(` ${quoted("en", f.title)}`, f.title)}${opt(` for ${f.owner}`, f.owner)}` },
  "token.revoke": { label: "API token revoked", sentence: (f) => `${f.actor} revoked the API token${opt(` ${quoted("en", f.title)}`, f.title)}${opt(` of ${f.owner}`, f.owner)}` },
  "proposal.answer": { label: "Answered", sentence: (f) => `${f.actor} answered ${f.target}${f.delivered === false ? " (not delivered to the author)" : ""}` },
  "proposal.status": {
    label: "Status changed",
    sentence: (f) => {
      if (f.toStatus === "closed") return `${f.actor} closed ${f.target}`;
      if (f.toStatus === "rejected") return `${f.actor} rejected ${f.target}${opt(`. Reason: ${f.note}`, f.note)}`;
      if (f.toStatus === "in_progress") {
        return f.fromStatus === "received" || f.fromStatus === "routed" ? `${f.actor} took ${f.target} in hand` : `${f.actor} reopened ${f.target}`;
      }
      return `${f.actor} moved ${f.target}${opt(` from ${quoted("en", f.from)}`, f.from)} to ${quoted("en", f.to || "another status")}`;
    },
  },
  "proposal.reassign": {
    label: "Reassigned",
    sentence: (f) =>
      `${f.actor} sent ${f.target} to ${f.toDepartment || "another department"}${opt(` (before: ${f.fromDepartment})`, f.fromDepartment)}${opt(`, topic ${f.topic}`, f.topic)}${opt(`. Note: ${f.note}`, f.note)}`,
  },
  "proposal.topic": {
    label: "Topic corrected",
    sentence: (f) => `${f.actor} changed the topic of ${f.target}${f.topic ? ` to ${f.topic}` : ": no topic"}${opt(`. Note: ${f.note}`, f.note)}`,
  },
  "proposal.merge": { label: "Merged", sentence: (f) => `${f.actor} merged ${f.target} into ${f.items[0] ?? "another item"}` },
  "proposal.note": { label: "Internal note", sentence: (f) => `${f.actor} added an internal note to ${f.target}` },
  "proposal.export": { label: "Exported", sentence: (f) => `${f.actor} exported ${f.count ?? "the"} items as ${f.format || "a file"}` },
  "proposal.reminder": { label: "Deadline reminder", sentence: (f) => `${f.actor} reminded ${f.department || "the department"} to answer ${f.target}${opt(` by ${f.due}`, f.due)}` },
  "proposal.urgentNotice": {
    label: "Urgent notice",
    sentence: (f) => `${f.actor} told the coordinators at once that ${f.target} reports a violation of young people's or children's rights`,
  },
  "proposal.escalate": {
    label: "Overdue, escalated",
    sentence: (f) => `${f.actor} told the coordinators that ${f.target}${opt(` of ${f.department}`, f.department)} is overdue${opt(` (${f.due})`, f.due)}`,
  },
  "personal_data.view": {
    label: "Personal data viewed",
    sentence: (f) =>
      f.target
        ? `${f.actor} viewed the personal data (contact details) of the author of ${f.target}`
        : `${f.actor} viewed the personal data (contact details) of the authors of ${f.items.length} items${opt(`: ${f.items.join(", ")}`, f.items.length)}`,
  },
  "department.create": { label: "Department added", sentence: (f) => `${f.actor} added the department ${f.target}` },
  "department.update": { label: "Department changed", sentence: (f) => `${f.actor} changed the department ${f.target}` },
  "routingRule.create": {
    label: "Routing rule added",
    sentence: (f) => `${f.actor} added a routing rule${opt(` for ${f.department}`, f.department)}${opt(`: keywords ${quoted("en", f.title)}`, f.title)}${opt(`, topic ${f.topic}`, f.topic)}`,
  },
  "routingRule.update": {
    label: "Routing rule changed",
    sentence: (f) => `${f.actor} changed the routing rule${opt(` ${quoted("en", f.title)}`, f.title)}${opt(` of ${f.department}`, f.department)}${opt(`, topic ${f.topic}`, f.topic)}`,
  },
  "routingRule.delete": {
    label: "Routing rule deleted",
    sentence: (f) => `${f.actor} deleted the routing rule${opt(` ${quoted("en", f.title)}`, f.title)}${opt(` of ${f.department}`, f.department)}`,
  },
  "document.upload": {
    label: "Document added",
    sentence: (f) =>
      f.outcome === "unchanged"
        ? `${f.actor} uploaded ${quoted("en", f.target)} again (no change)`
        : `${f.actor} ${f.outcome === "updated" ? "uploaded a new version of" : "added"} ${quoted("en", f.target)}${f.outcome === "updated" ? "" : " to the knowledge base"}${opt(` (${f.count} passages)`, f.count)}`,
  },
  "document.update": { label: "Document edited", sentence: (f) => `${f.actor} edited ${quoted("en", f.target)}` },
  "document.expire": {
    label: "Marked not in force",
    sentence: (f) =>
      f.outcome === "replaced"
        ? `${f.actor} marked ${quoted("en", f.target)} as replaced${opt(` by ${f.replacedBy}`, f.replacedBy)}`
        : `${f.actor} marked ${quoted("en", f.target)} as expired`,
  },
  "document.delete": { label: "Document deleted", sentence: (f) => `${f.actor} deleted ${quoted("en", f.target)}` },
  "faq.save": { label: "FAQ entry saved", sentence: (f) => `${f.actor} saved the FAQ entry ${quoted("en", f.target)}${opt(` from the answer to ${f.items[0]}`, f.items[0])}` },
  "knowledge.phrasing.propose": { label: "Phrasing taught", sentence: (f) => `${f.actor} taught the assistant a new phrasing${opt(` for ${f.citation}`, f.citation)}` },
  "knowledge.phrasing.approve": { label: "Phrasing approved", sentence: (f) => `${f.actor} approved a phrasing${opt(` for ${f.citation}`, f.citation)}` },
  "knowledge.phrasing.reject": { label: "Phrasing rejected", sentence: (f) => `${f.actor} rejected a phrasing${opt(` for ${f.citation}`, f.citation)}` },
  "dataRequest.close": {
    label: "Data request closed",
    sentence: (f) => `${f.actor} closed a personal data request${opt(` (${f.requestKind})`, f.requestKind)}${f.delivered === false ? ", but the reply could not be delivered" : " and sent the reply"}`,
  },
  "dataRequest.overdue": {
    label: "Data request overdue",
    sentence: (f) => `A personal data request${opt(` (${f.requestKind})`, f.requestKind)} is past its deadline${opt(` (${f.due})`, f.due)}`,
  },  "round.open": { label: "Dialogue round opened", sentence: (f) => `${f.actor} opened the round ${quoted("en", f.target)}` },
  "round.edit": { label: "Dialogue round edited", sentence: (f) => `${f.actor} edited the plan of ${quoted("en", f.target)}` },
  "round.agenda": {
    label: "Put on the dialogue agenda",
    sentence: (f) =>
      `${f.actor} put ${f.target} on the agenda${opt(` of ${quoted("en", f.title)}`, f.title)}${opt(`, for ${f.toDepartment || f.department} to answer`, f.toDepartment || f.department)}${opt(` by ${f.due}`, f.due)}`,
  },
  "round.publicText": { label: "Public text approved", sentence: (f) => `${f.actor} approved the public text of ${f.target}${opt(` in ${quoted("en", f.title)}`, f.title)}` },
  "round.conclude": { label: "Dialogue conclusions recorded", sentence: (f) => `${f.actor} recorded the conclusions of ${quoted("en", f.target)}` },
  "opportunity.create": { label: "Opportunity added", sentence: (f) => `${f.actor} added the opportunity ${quoted("en", f.title)}` },
  "opportunity.edit": { label: "Opportunity edited", sentence: (f) => `${f.actor} edited the opportunity ${quoted("en", f.title)}` },
  "opportunity.withdraw": { label: "Opportunity withdrawn", sentence: (f) => `${f.actor} withdrew the opportunity ${quoted("en", f.title)}` },
  "opportunity.import": { label: "Opportunities imported", sentence: (f) => `${f.actor} imported ${f.count ?? 0} opportunities${opt(` from ${quoted("en", f.title)}`, f.title)}` },
  "opportunity.feedAdd": { label: "Opportunity feed added", sentence: (f) => `${f.actor} added the feed ${quoted("en", f.title)}` },
  "opportunity.feedPause": { label: "Opportunity feed paused", sentence: (f) => `${f.actor} paused the feed ${quoted("en", f.title)}` },
  "opportunity.feedResume": { label: "Opportunity feed resumed", sentence: (f) => `${f.actor} resumed the feed ${quoted("en", f.title)}` },
  "opportunity.feedDelete": { label: "Opportunity feed deleted", sentence: (f) => `${f.actor} deleted the feed ${quoted("en", f.title)}` },
  "broadcast.send": { label: "Broadcast sent", sentence: (f) => `${f.actor} sent ${quoted("en", f.title)} to ${f.count ?? 0} subscribers` },
  "broadcast.pause": { label: "Broadcast paused", sentence: (f) => `${f.actor} paused ${quoted("en", f.title)}` },
  "broadcast.resume": { label: "Broadcast resumed", sentence: (f) => `${f.actor} resumed ${quoted("en", f.title)}` },
  "broadcast.close": { label: "Poll closed", sentence: (f) => `${f.actor} closed the poll ${quoted("en", f.title)}` },
};

export const AUDIT_ACTION_TEXTS: Record<Locale, Record<AuditAction, ActionText>> = { vi, en };

/** Words the audit sentences need besides the tables above. */
export const AUDIT_WORDS: Record<Locale, { system: string; viaApi: (name: string) => string; cli: string; someone: string; otherAction: string; item: (kind: ProposalKind, code: string) => string; unknown: (f: AuditFacts) => string }> = {
  vi: {
    system: "Hệ thống",
    viaApi: (name) => `${name} (qua API)`,
    cli: "Quản trị viên (dòng lệnh)",
    someone: "Một người",
    otherAction: "Thao tác khác",
    item: (kind, code) => `${{ proposal: "kiến nghị", question: "câu hỏi", idea: "ý tưởng", report: "báo cáo vi phạm" }[kind] ?? "kiến nghị"} ${code}`,
    unknown: (f) => `${f.actor} thực hiện một thao tác chưa có tên trong từ điển${opt(` với ${f.target}`, f.target)}`,
  },
  en: {
    system: "The system",
    viaApi: (name) => `${name} (through the API)`,
    cli: "An administrator (command line)",
    someone: "Someone",
    otherAction: "Other action",
    item: (kind, code) => `${{ proposal: "proposal", question: "question", idea: "idea", report: "report" }[kind] ?? "proposal"} ${code}`,
    unknown: (f) => `${f.actor} did an action the dictionary has no name for${opt(` on ${f.target}`, f.target)}`,
  },
};

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(vi, code);
}

/** The short name of an audit action ("Chuyển đơn vị"), for filters and column headers. */
export function actionLabel(code: string, locale: Locale = "vi"): string {
  return isAuditAction(code) ? AUDIT_ACTION_TEXTS[locale][code].label : AUDIT_WORDS[locale].otherAction;
}
