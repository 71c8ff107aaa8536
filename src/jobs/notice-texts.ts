// The Vietnamese texts of the notices scheduled jobs send to the staff Telegram chat. Kept apart
// from the logic, like every user-facing text.

export interface DeadlineNotice {
  code: string;
  departmentName: string;
  due: string;
  link: string | null;
}

const linkLine = (n: DeadlineNotice) => (n.link ? `\nXem: ${n.link}` : "");

export const noticeTexts = {
  reminder: (n: DeadlineNotice) =>
    `⏰ Nhắc hạn: ${n.code} (${n.departmentName}) cần trả lời trước ngày ${n.due}.${linkLine(n)}`,
  dataRequestOverdue: (n: { due: string; link: string | null }) =>
    `⚠️ Yêu cầu về dữ liệu cá nhân đã quá hạn phản hồi (hạn ${n.due}, 2 ngày làm việc theo Nghị định 356/2025/NĐ-CP). Đề nghị quản trị viên xử lý ngay.${n.link ? `\nXem: ${n.link}` : ""}`,
  urgentReport: (n: DeadlineNotice) =>
    `🚨 KHẨN: ${n.code} là báo cáo vi phạm quyền của thanh niên, trẻ em (${n.departmentName}). Đề nghị điều phối viên xem ngay; nếu có nguy hiểm, phối hợp Tổng đài quốc gia bảo vệ trẻ em 111 và Công an (113).${linkLine(n)}`,
  escalation: (n: DeadlineNotice) =>
    `⚠️ Quá hạn: ${n.code} (${n.departmentName}) đã quá hạn trả lời (hạn ${n.due}). Đề nghị bộ phận điều phối xem xét, đôn đốc.${linkLine(n)}`,
};
