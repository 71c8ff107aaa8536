// The story both erasure tests tell: a young person on Telegram leaves a proposal with their email
// in it and their phone as contact, staff work it (status note, answer and internal note quoting
// both, audit rows), and then the person asks for erasure with /xoadulieu.
import { existsSync, readFileSync } from "node:fs";
import type { Update } from "grammy/types";
import { expect } from "vitest";
import type { Db } from "../../../src/db/client.ts";
import { addNote } from "../../../src/proposals/add-note.ts";
import { sendStaffAnswer } from "../../../src/proposals/send-staff-answer.ts";
import { setProposalStatus } from "../../../src/proposals/set-proposal-status.ts";
import type { StaffActor } from "../../../src/staff/staff-scope.ts";
import type { RunningApp } from "../../support/app.ts";
import type { FakeTelegram } from "../../support/fake-telegram.ts";
import { waitForDrain } from "../../reliability/support/platforms.ts";

export const SECRET = "privacy-erasure-secret";
export const ADMIN: StaffActor = { id: "admin-erasure", email: "admin@doan.example.org", name: "Quản trị", role: "admin", departmentId: null };

export function telegramSay(app: RunningApp, telegram: FakeTelegram, chatId: number) {
  return async (text: string) => {
    expect(await telegram.postWebhook(`${app.url}/webhooks/telegram`, telegram.textMessage({ chatId, text }) as Update, SECRET)).toBe(200);
    await waitForDrain(app.db, 5000);
  };
}

/** The person leaves a proposal and a contact; staff quote them in every free-text column. Returns the code. */
export async function proposalWorkedByStaff(app: RunningApp, say: (text: string) => Promise<void>, who: { phone: string; email: string }): Promise<string> {
  const before = await app.db.prisma.proposal.count();
  await say(`/kiennghi Đề nghị sửa đèn đường trước nhà em, có gì liên hệ ${who.email}`);
  await say("đồng ý");
  await say(who.phone);
  const created = await app.db.prisma.proposal.findMany({ orderBy: { createdAt: "desc" }, take: 1 });
  expect(await app.db.prisma.proposal.count()).toBe(before + 1);
  const { code, contact } = created[0]!;
  expect(contact).toContain(who.phone);
  const deps = { db: app.db, prompts: app.prompts, actor: ADMIN, code };
  await setProposalStatus({ ...deps, status: "in_progress", note: `Đã gọi ${who.phone.replace(/(\d{4})(\d{3})(\d{3})/, "$1 $2 $3")}, bạn nhờ trả lời qua ${who.email}` });
  await sendStaffAnswer({ ...deps, answer: `Chào bạn, phường sẽ sửa đèn trong tuần. Cán bộ sẽ gọi lại số ${who.phone} hoặc gửi thư tới ${who.email}.` });
  await addNote({ ...deps, text: `Liên hệ được qua ${who.phone} / ${who.email}; ghi chú nội bộ` });
  await app.db.prisma.auditLog.create({ data: { actor: "api:token-1", action: "proposal.status", target: code, detail: JSON.stringify({ note: `gọi ${who.phone}, thư ${who.email}` }) } });
  await waitForDrain(app.db, 5000);
  return code;
}

/** The raw bytes of the SQLite file and its -wal and -shm files, as a disk image would hold them. */
export function rawSqliteBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

export async function checkpoint(db: Db): Promise<void> {
  await db.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}
