// The person's rights over their own data, in chat (Điều 4 of Law 91/2025/QH15): see what is kept
// and download it (/dulieucuatoi), correct the contact left (/suadulieu), withdraw consent
// (/rutdongy), and ask staff for anything else (/yeucaudulieu, or asking to restrict or object),
// plus the guardian question an under-16 answers before leaving contact details.
import type { Db } from "../db/client.ts";
import { collectUserData, type UserDataExport } from "../privacy/collect-user-data.ts";
import { createDataRequest } from "../privacy/create-data-request.ts";
import { createExportLink } from "../privacy/data-export-link.ts";
import { MIN_REQUEST_TEXT, type DataRequestKind } from "../privacy/data-request.ts";
import { needsGuardianAgreement, recordGuardianAgreement } from "../privacy/guardian.ts";
import { maskPersonalData } from "../privacy/mask.ts";
import { parseContact } from "../privacy/contact.ts";
import { updateContact } from "../privacy/update-contact.ts";
import { withdrawContactConsent } from "../privacy/withdraw-consent.ts";
import { formatVietnamDate } from "../vietnam-time.ts";
import { confirmation, foldForIntent } from "./intent.ts";
import { CONSENT_TEXT_VERSION } from "./consent-text.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

export interface DataRightsDeps {
  db: Db;
  retentionDays: number;
  /** PUBLIC_BASE_URL: download links for Telegram and Zalo need an address people can open. */
  publicBaseUrl: string | undefined;
}

/** Where the one-time download lives (src/http/data-export-route.ts serves it). */
export const DOWNLOAD_PATH = "/my-data";

export async function showMyData(deps: DataRightsDeps, turn: Turn): Promise<Outcome> {
  const data = await collectUserData({ db: deps.db, userId: turn.identity.userId, retentionDays: deps.retentionDays, withMessages: false, now: turn.now });
  const summary = summarize(turn, data);
  const linkable = turn.msg.channel === "web" || Boolean(deps.publicBaseUrl);
  const actions = turn.t("dataRights.actions");
  if (!linkable) {
    return { kind: "settings", replies: [{ text: [summary, turn.t("dataRights.downloadElsewhere"), actions].join("\n\n") }], next: idleKeeping(turn.state) };
  }
  return {
    kind: "settings",
    replies: [],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      const { token } = await createExportLink(tx, { userId: turn.identity.userId, identityId: turn.identity.id, channel: turn.msg.channel, now: turn.now });
      const url = `${deps.publicBaseUrl ?? ""}${DOWNLOAD_PATH}/${token}`;
      const download = (u: string) => turn.t("dataRights.download", { url: u });
      return {
        // The message log keeps the reply without the token: only its hash is stored anywhere.
        replies: [{ text: [summary, download(url), actions].join("\n\n"), logText: [summary, download(`${DOWNLOAD_PATH}/…`), actions].join("\n\n") }],
      };
    },
  };
}

function summarize(turn: Turn, data: UserDataExport): string {
  const date = (iso: string) => formatVietnamDate(new Date(iso));
  const list = (items: string[]) => items.join("; ");
  const lines = [turn.t("dataRights.summaryTitle")];
  lines.push(
    turn.t("dataRights.identities", {
      list: list(data.identities.map((i) => turn.t("dataRights.identityItem", { channel: turn.t(`dataRights.channels.${i.channel}`), since: date(i.firstSeenAt) }))),
    }),
  );
  lines.push(turn.t("dataRights.ageBand", { band: turn.t(`dataRights.bands.${data.ageBand ?? "unknown"}`) }));
  lines.push(
    data.consents.length === 0
      ? turn.t("dataRights.consentsNone")
      : turn.t("dataRights.consents", {
          list: list(
            data.consents.map((c) => {
              const purpose = turn.t(`dataRights.purposes.${c.purpose === "guardian" || c.purpose === "messages" ? c.purpose : "callback"}`);
              return c.withdrawnAt
                ? turn.t("dataRights.consentWithdrawn", { purpose, date: date(c.givenAt), withdrawn: date(c.withdrawnAt) })
                : turn.t("dataRights.consentItem", { purpose, date: date(c.givenAt) });
            }),
          ),
        }),
  );
  lines.push(
    data.proposals.length === 0
      ? turn.t("dataRights.proposalsNone")
      : turn.t("dataRights.proposals", {
          list: list(data.proposals.map((p) => turn.t("dataRights.proposalItem", { code: p.code, status: turn.t(`status.${p.status}`, { department: p.department }) }))),
        }),
  );
  // Masked even here: a chat screen may be seen by others; the download has it in full.
  lines.push(data.contacts.length === 0 ? turn.t("dataRights.contactNone") : turn.t("dataRights.contact", { contact: data.contacts.map(maskPersonalData).join(", ") }));
  lines.push(turn.t("dataRights.messages", { count: data.messages.count, days: data.messages.retentionDays }));
  const sub = data.subscription;
  lines.push(
    sub
      ? turn.t("subscribe.summary", {
          kinds: sub.kinds.length ? sub.kinds.map((k) => turn.t(`opportunities.kinds.${k}`)).join(", ") : turn.t("subscribe.allKindsWords"),
          area: sub.area || turn.t("subscribe.wholeProvince"),
          cadence: turn.t(`subscribe.cadences.${sub.cadence}`),
          since: date(sub.since),
        })
      : turn.t("subscribe.summaryNone"),
  );
  lines.push(data.notices.stoppedAt ? turn.t("dataRights.noticesOff", { date: date(data.notices.stoppedAt) }) : turn.t("dataRights.noticesOn"));
  // Votes and poll answers are opinions: the person sees they are kept, and what was sent to them.
  lines.push(turn.t("dataRights.roundVotes", { count: data.roundVotes.length }));
  lines.push(turn.t("dataRights.pollAnswers", { count: data.pollAnswers.length }));
  lines.push(turn.t("dataRights.roundNotices", { count: data.roundNotices.length }));
  lines.push(turn.t("dataRights.opportunityNotices", { count: data.opportunityNotices.length }));
  lines.push(turn.t("dataRights.broadcasts", { count: data.broadcasts.length }));
  const pending = data.dataRequests.filter((r) => r.status === "open");
  if (pending.length > 0) {
    lines.push(
      turn.t("dataRights.requests", {
        list: list(pending.map((r) => turn.t("dataRights.requestItem", { kind: turn.t(`dataRights.kinds.${r.kind}`), received: date(r.receivedAt), due: date(r.dueAt) }))),
      }),
    );
  }
  return lines.join("\n");
}

export function correctContact(turn: Turn, value: string): Outcome {
  const next = idleKeeping(turn.state);
  if (!value.trim()) return { kind: "settings", replies: [{ text: turn.t("dataRights.correctUsage") }], next };
  const contact = parseContact(value);
  if (!contact) return { kind: "settings", replies: [{ text: turn.t("dataRights.correctInvalid", { value: value.trim().slice(0, 60) }) }], next };
  return {
    kind: "settings",
    replies: [],
    next,
    commit: async (tx) => {
      if (await needsGuardianAgreement(tx, turn.identity.userId)) return guardianQuestion(turn, { guardianFor: "correct" });
      const result = await updateContact(tx, { userId: turn.identity.userId, contact, consentTextVersion: CONSENT_TEXT_VERSION, now: turn.now });
      if (result.proposals === 0) return { replies: [{ text: turn.t("dataRights.correctNothing") }] };
      return {
        replies: [{ text: turn.t("dataRights.correctDone", { contact: result.contact, count: result.proposals, consent: turn.t("proposal.consentText") }) }],
      };
    },
  };
}

export function withdrawConsent(turn: Turn): Outcome {
  return {
    kind: "settings",
    replies: [],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      const { now } = turn;
      const result = await withdrawContactConsent(tx, { userId: turn.identity.userId, now });
      if (result.consents === 0 && result.contacts === 0) return { replies: [{ text: turn.t("dataRights.withdrawNothing") }] };
      return { replies: [{ text: turn.t("dataRights.withdrawDone", { date: formatVietnamDate(now), contacts: result.contacts }) }] };
    },
  };
}

/** /yeucaudulieu <text>: a request for staff; without text, asks for it. */
export function requestForStaff(turn: Turn, text: string): Outcome {
  const body = text.trim();
  if (!body) return { kind: "settings", replies: [{ text: turn.t("dataRights.requestAsk") }], next: { flow: "datarequest:text", data: { lastChoices: [] } } };
  if (body.length < MIN_REQUEST_TEXT) {
    return { kind: "settings", replies: [{ text: turn.t("dataRights.requestTooShort", { min: MIN_REQUEST_TEXT }) }], next: { flow: "datarequest:text", data: { lastChoices: [] } } };
  }
  const kind = guessKind(body);
  return {
    kind: "settings",
    replies: [],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      const created = await createDataRequest(tx, {
        userId: turn.identity.userId,
        identityId: turn.identity.id,
        channel: turn.msg.channel,
        kind,
        text: body.slice(0, 2000),
      }, turn.now);
      return {
        replies: [
          {
            text: turn.t("dataRights.requestCreated", {
              kind: turn.t(`dataRights.kinds.${kind}`),
              received: formatVietnamDate(created.receivedAt),
              due: formatVietnamDate(created.dueAt),
            }),
          },
        ],
      };
    },
  };
}

/** The guardian question, as a reply and the flow that waits for its answer. */
export function guardianQuestion(turn: Turn, data: { guardianFor: "contact" | "correct"; proposalId?: string | undefined }) {
  return {
    replies: [
      {
        text: turn.t("dataRights.guardianAsk"),
        choices: [
          { id: "guardian:yes", label: turn.t("dataRights.guardianYes") },
          { id: "guardian:no", label: turn.t("dataRights.guardianNo") },
        ],
      },
    ],
    next: { flow: "guardian:confirm" as const, data: { lastChoices: [], guardianFor: data.guardianFor, ...(data.proposalId ? { proposalId: data.proposalId } : {}) } },
  };
}

/** The answer to the guardian question; null hands a message that is not an answer back to the dialogue. */
export function onGuardianAnswer(turn: Turn): Outcome | null {
  const folded = foldForIntent(turn.msg.text);
  const answer =
    turn.msg.choice === "guardian:yes" ? "yes" : turn.msg.choice === "guardian:no" || /^(chua|chua hoi|not yet)( a| nhe)*$/.test(folded) ? "no" : confirmation(turn.msg.text);
  const { guardianFor, proposalId } = turn.state.data;
  if (answer === "no") return { kind: "proposal", replies: [{ text: turn.t("dataRights.guardianDeclined") }], next: idleKeeping(turn.state) };
  if (answer !== "yes") {
    if (turn.msg.text.length > 40) return null;
    return { kind: "proposal", replies: [{ text: turn.t("dataRights.guardianHelp") }], next: turn.state };
  }
  const toContact = guardianFor === "contact" && proposalId;
  return {
    kind: "proposal",
    replies: [{ text: turn.t(toContact ? "dataRights.guardianThanks" : "dataRights.guardianThanksCorrect") }],
    next: toContact ? { flow: "proposal:contact", data: { lastChoices: [], proposalId } } : idleKeeping(turn.state),
    commit: async (tx) => {
      await recordGuardianAgreement(tx, turn.identity.userId, turn.now);
    },
  };
}

/** A first guess at what the person asks staff for; staff read the words anyway. */
export function guessKind(text: string): DataRequestKind {
  const f = foldForIntent(text);
  if (/\b(han che|tam dung xu ly|ngung xu ly|dung xu ly|restrict)/.test(f)) return "restrict";
  if (/\b(phan doi|khong (dong y|muon) cho .{0,20}xu ly|object)/.test(f)) return "object";
  if (/\b(rut (lai )?(su )?dong y|withdraw)/.test(f)) return "withdraw";
  if (/\b(xoa|huy|go bo|erase|delete|remove)\b/.test(f)) return "erase";
  if (/\b(sua|chinh sua|cap nhat|correct|update)\b/.test(f)) return "rectify";
  if (/\b(xem|cung cap|ban sao|copy|access|export)\b/.test(f)) return "access";
  return "other";
}
