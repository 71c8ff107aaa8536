// Tracking: /theodoi <code> shows a proposal's status, department, dates and answer to its author
// only (any other code reads "not found"); /theodoi alone lists the user's proposals. Also the
// rating a user gives an answer (helpful / not helpful).
import type { Db } from "../db/client.ts";
import { findOwnProposal, listOwnProposals } from "../proposals/find-proposals.ts";
import { CODE_PATTERN, kindPromptKey } from "../proposals/proposal-status.ts";
import { rateAnswer } from "../proposals/rate-answer.ts";
import { formatVietnamDate } from "../vietnam-time.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

export async function track(db: Db, turn: Turn, code: string | null): Promise<Outcome> {
  const next = idleKeeping(turn.state);
  if (!code) {
    const own = await listOwnProposals({ db, userId: turn.identity.userId });
    if (own.length === 0) return { kind: "track", replies: [{ text: turn.t("track.none") }], next };
    const lines = own.map((p) =>
      turn.t("track.listItem", { code: p.code, status: statusLabel(turn, p.status, p.departmentName), created: formatVietnamDate(p.createdAt) }),
    );
    return { kind: "track", replies: [{ text: [turn.t("track.list"), ...lines, turn.t("track.listHint")].join("\n") }], next };
  }
  const wellFormed = CODE_PATTERN.exec(code)?.[0];
  const p = wellFormed ? await findOwnProposal({ db, userId: turn.identity.userId, code: wellFormed }) : null;
  if (!p) return { kind: "track", replies: [{ text: turn.t("track.notFound", { code: code.slice(0, 40) }) }], next };
  const parts = [
    turn.t("track.detail", {
      kind: turn.t(kindPromptKey(p.kind)),
      code: p.code,
      status: statusLabel(turn, p.status, p.departmentName),
      department: p.departmentName,
      created: formatVietnamDate(p.createdAt),
      due: formatVietnamDate(p.dueAt),
    }),
  ];
  if (p.answer && p.answeredAt) parts.push(turn.t("track.answer", { answered: formatVietnamDate(p.answeredAt), answer: p.answer }));
  return { kind: "track", replies: [{ text: parts.join("\n\n") }], proposal: { code: p.code, status: p.status }, next };
}

export function rate(turn: Turn, code: string, helpful: boolean): Outcome {
  return {
    kind: "rating",
    replies: [{ text: turn.t("proposal.rated") }],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      await rateAnswer(tx, { code, userId: turn.identity.userId, helpful });
    },
  };
}

function statusLabel(turn: Turn, status: string, department: string): string {
  return turn.t(`status.${status}`, { department });
}
