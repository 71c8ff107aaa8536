// The proposal dialogue: take the content (with the command or in the next message), propose a
// topic and a department, ask to confirm (đồng ý / sửa / hủy), store the proposal with its code,
// then optionally ask for a phone number or email with consent. Someone who says they are under 16
// ("em 14 tuổi", in the proposal or when leaving contact details) is asked first whether a parent
// or guardian agrees; only the age band is stored. Escalated questions (after the bot could not
// answer, or /lienhe) go to the same queue as a question. Ideas and initiatives (/ytuong) and
// reports of a violation of young people's or children's rights (/baocao) take the same steps to
// the coordinator (proposals/route-intake.ts); a report is urgent, and its very first reply gives
// the national child-protection hotline 111 and the police 113, before anything is asked.
import type { Db, Prisma } from "../db/client.ts";
import { defaultTopics } from "../knowledge/topics.ts";
import { roundTakingQuestions } from "../dialogue/find-rounds.ts";
import { createProposal } from "../proposals/create-proposal.ts";
import { setProposalContact } from "../proposals/proposal-contact.ts";
import { routeIntake } from "../proposals/route-intake.ts";
import { routeProposal, type RouteResult } from "../proposals/route-proposal.ts";
import type { ProposalKind } from "../proposals/proposal-status.ts";
import { statedAgeBand } from "../privacy/age-band.ts";
import { recordConsent } from "../privacy/consents.ts";
import { needsGuardianAgreement, recordAgeBand } from "../privacy/guardian.ts";
import { formatVietnamDate } from "../vietnam-time.ts";
import { CONSENT_TEXT_VERSION } from "./consent-text.ts";
import { guardianQuestion } from "./data-rights.ts";
import type { DialogState } from "./dialog-state.ts";
import { confirmation, foldForIntent } from "./intent.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

export const MIN_CONTENT = 10;
export const MAX_CONTENT = 2000;

/** "bỏ qua", "skip", "không" (folded): the person would rather not say. */
const SKIP = /^(bo qua|skip|khong|ko|k|thoi|no)( nhe| a)*$/;

type Intake = "idea" | "report";
type ContentFlow = "proposal:content" | "question:content" | "idea:content" | "report:content";

/**
 * /ytuong, "ý tưởng …", /baocao, "em bị bạo hành …": an idea or a report, with its content when the
 * message carried enough of it. A report's first reply is the hotline numbers, whatever follows.
 */
export async function startIntake(db: Db, turn: Turn, intake: Intake, content: string): Promise<Outcome> {
  const first = intake === "report" ? [{ text: turn.t("report.hotlines") }] : [];
  if (content.trim().length >= MIN_CONTENT) {
    const next = await takeContent(db, turn, content, `${intake}:content`);
    return { ...next, replies: [...first, ...next.replies] };
  }
  return { kind: "proposal", replies: [...first, { text: turn.t(`${intake}.askContent`) }], next: { flow: `${intake}:content`, data: { lastChoices: [] } } };
}

export function askContent(turn: Turn): Outcome {
  return {
    kind: "proposal",
    replies: [{ text: turn.t("proposal.askContent") }],
    next: { flow: "proposal:content", data: { lastChoices: [] } },
  };
}

/** Checks the length; on success proposes the department and asks to confirm. */
export async function takeContent(
  db: Db,
  turn: Turn,
  content: string,
  flow: ContentFlow,
  /** A question for this dialogue round (kept through the intake; checked again when it is stored). */
  roundId: string | undefined = turn.state.data.roundId,
): Promise<Outcome> {
  const text = content.trim();
  const again: DialogState = { flow, data: { lastChoices: [], ...(roundId ? { roundId } : {}) } };
  if (text.length < MIN_CONTENT) {
    return { kind: "proposal", replies: [{ text: turn.t("proposal.tooShort", { length: text.length, min: MIN_CONTENT }) }], next: again };
  }
  if (text.length > MAX_CONTENT) {
    return { kind: "proposal", replies: [{ text: turn.t("proposal.tooLong", { length: text.length, max: MAX_CONTENT }) }], next: again };
  }
  if (flow === "question:content") return escalate(db, turn, text);
  if (flow === "idea:content" || flow === "report:content") {
    const intake = flow === "idea:content" ? "idea" : "report";
    return confirmRoute(turn, text, await routeIntake(db), undefined, intake);
  }
  const route = await routeProposal({ db, text });
  if (route.askCommune) {
    return {
      kind: "proposal",
      replies: [{ text: turn.t("proposal.askCommune"), choices: [{ id: "commune:skip", label: turn.t("proposal.choiceSkip") }] }],
      next: { flow: "proposal:commune", data: { lastChoices: [], content: text, ...(roundId ? { roundId } : {}) } },
    };
  }
  return confirmRoute(turn, text, route, roundId);
}

/**
 * The answer to "which commune or ward do you live in?", asked when a local matter's commune is
 * not in the text: the item goes to that committee when it is one of those configured, else to the
 * local rule's own department (as after "bỏ qua").
 */
export async function onCommune(db: Db, turn: Turn): Promise<Outcome> {
  const content = turn.state.data.content;
  if (!content) return askContent(turn);
  const skipped = turn.msg.choice === "commune:skip" || SKIP.test(foldForIntent(turn.msg.text));
  return confirmRoute(turn, content, await routeProposal({ db, text: content, commune: skipped ? "" : turn.msg.text }), turn.state.data.roundId);
}

/** The summary the person confirms: their words, the topic and the department proposed. */
function confirmRoute(turn: Turn, text: string, route: RouteResult, roundId?: string, intake?: Intake): Outcome {
  const department = route.matched ? route.departmentName : turn.t("proposal.coordinatorNote", { department: route.departmentName });
  return {
    kind: "proposal",
    replies: [
      {
        text: turn.t(intake ? `${intake}.confirm` : "proposal.confirm", { content: text, topic: route.topic ? defaultTopics().name(route.topic, turn.locale) : turn.t("proposal.noTopic"), department }),
        choices: [
          { id: "confirm:yes", label: turn.t("proposal.choiceConfirm") },
          { id: "confirm:edit", label: turn.t("proposal.choiceEdit") },
          { id: "confirm:no", label: turn.t("proposal.choiceCancel") },
        ],
      },
    ],
    next: {
      flow: "proposal:confirm",
      data: {
        lastChoices: [],
        content: text,
        departmentId: route.departmentId,
        departmentName: route.departmentName,
        topic: route.topic,
        matched: route.matched,
        routedBy: route.rule,
        ...(roundId ? { roundId } : {}),
        ...(intake ? { intake } : {}),
      },
    },
  };
}

export async function onConfirm(db: Db, turn: Turn): Promise<Outcome> {
  const answer = confirmation(turn.msg.text, turn.msg.choice);
  const data = turn.state.data;
  if (answer === "edit") {
    const flow = data.intake ? (`${data.intake}:content` as const) : "proposal:content";
    return { kind: "proposal", replies: [{ text: turn.t(data.intake ? `${data.intake}.askContent` : "proposal.editAgain") }], next: { flow, data: { lastChoices: [] } } };
  }
  if (answer === "no") return { kind: "cancel", replies: [{ text: turn.t("proposal.cancelled") }], next: idleKeeping(turn.state) };
  if (answer !== "yes" || !data.content || !data.departmentId) {
    return { kind: "proposal", replies: [{ text: turn.t("proposal.confirmHelp") }], next: turn.state };
  }
  const content = data.content;
  const departmentId = data.departmentId;
  const band = statedAgeBand(foldForIntent(content));
  return {
    kind: "proposal_created",
    replies: [],
    commit: async (tx) => {
      // A question sent for a round is tagged with it while the round still takes questions; one
      // confirmed after collection closed becomes an ordinary proposal, and the person is told so.
      const round = data.roundId ? await roundTakingQuestions(tx, data.roundId, turn.now) : null;
      const roundNote = data.roundId
        ? round
          ? turn.t("dialogue.tagged", { round: round.title, voteFrom: formatVietnamDate(round.voteFrom) })
          : turn.t("dialogue.collectionClosed", { round: (await tx.dialogueRound.findUnique({ where: { id: data.roundId }, select: { title: true } }))?.title ?? "" })
        : null;
      const created = await createProposal(tx, {
        kind: data.intake ?? "proposal",
        priority: data.intake === "report" ? "urgent" : "normal",
        userId: turn.identity.userId,
        channel: turn.msg.channel,
        chatId: turn.msg.chatId,
        content,
        topic: data.topic ?? null,
        departmentId,
        routedBy: data.routedBy ?? null,
        roundId: round?.id ?? null,
        now: turn.now,
      });
      const confirmText =
        turn.t(data.intake ? `${data.intake}.created` : "proposal.created", {
          code: created.code,
          department: created.departmentName,
          due: formatVietnamDate(created.dueAt),
        }) + (roundNote ? `\n${roundNote}` : "");
      if (band) await recordAgeBand(tx, turn.identity.userId, band);
      const proposal = { code: created.code, status: created.status };
      if (data.intake === "report" && (await needsGuardianAgreement(tx, turn.identity.userId))) {
        // A child reporting harm is not asked whether a parent agrees: the parent may be the one
        // harming them. No contact is asked for; the coordinator answers here, and 111 is free.
        return { replies: [{ text: confirmText }], proposal, next: idleKeeping(turn.state) };
      }
      if (await needsGuardianAgreement(tx, turn.identity.userId)) {
        const ask = guardianQuestion(turn, { guardianFor: "contact", proposalId: created.id });
        return { replies: [{ text: confirmText }, ...ask.replies], proposal, next: ask.next };
      }
      const follow = {
        text: turn.t("proposal.askContact", { consent: turn.t("proposal.consentText") }),
        choices: [{ id: "contact:skip", label: turn.t("proposal.choiceSkip") }],
      };
      return {
        replies: [{ text: confirmText }, follow],
        proposal,
        next: { flow: "proposal:contact", data: { lastChoices: [], proposalId: created.id } },
      };
    },
  };
}

const PHONE_WHOLE = /^(?:\+?84|0)(?:3|5|7|8|9)\d{8}$/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
/** Anything that looks like a phone number as typed ("0912 345 678", "+84.912.345.678"). */
const PHONE_AS_TYPED = /\+?\d[\d\s.()-]{7,}\d/g;
const EMAIL_ALL = new RegExp(EMAIL.source, "g");
/** "Lan 0901234567", "số em là 0901234567 ạ", "em 15 tuổi, sđt 0912…": a few words around the contact. */
const MAX_WORDS_AROUND_CONTACT = 6;

/**
 * The first Vietnamese mobile number in the text, without its spaces and dots. Each number is read
 * as typed: squeezing the whole message first glued it to the next word ("0901234567nhé"), so
 * "số em là 0901234567 nhé" was not recognised while "…số 0901234567 ạ?" was.
 */
function phoneIn(text: string): string | undefined {
  for (const [typed] of text.matchAll(PHONE_AS_TYPED)) {
    const compact = typed.replace(/[\s.()-]/g, "");
    if (PHONE_WHOLE.test(compact)) return compact;
  }
  return undefined;
}

/**
 * Whether a reply to "leave a phone number or email" is essentially contact details: no question,
 * and at most a few words besides the number or address. A longer message that merely contains a
 * number ("…thì em gọi số 0901234567 của ai ạ?") is something the person wants answered.
 */
export function isContactReply(text: string): boolean {
  if (text.includes("?")) return false;
  const rest = text.replace(EMAIL_ALL, " ").replace(PHONE_AS_TYPED, " ");
  const words = rest.split(/[\s,.;:!()"“”'-]+/).filter((w) => /\p{L}/u.test(w));
  return words.length <= MAX_WORDS_AROUND_CONTACT;
}

/** Reads a phone number or email address; the consent is recorded with the text version shown. */
export function onContact(turn: Turn): Outcome | null {
  const text = turn.msg.text.trim();
  const folded = foldForIntent(text);
  if (turn.msg.choice === "contact:skip" || SKIP.test(folded)) {
    return { kind: "proposal", replies: [{ text: turn.t("proposal.contactSkipped") }], next: idleKeeping(turn.state) };
  }
  const band = statedAgeBand(folded);
  const found = phoneIn(text) ?? EMAIL.exec(text)?.[0];
  // A number inside a question is not a contact: the message leaves the flow below and is
  // answered like any other, rather than being stored as the contact and its question dropped.
  const contact = found && isContactReply(text) ? found : undefined;
  const proposalId = turn.state.data.proposalId;
  if (band === "under16") {
    // "em 14 tuổi" (with or without a number): the guardian question comes first, and a contact
    // typed in the same message is not stored; they type it again once a parent agrees.
    return {
      kind: "proposal",
      replies: [],
      commit: async (tx) => {
        await recordAgeBand(tx, turn.identity.userId, band);
        if (!contact || (await needsGuardianAgreement(tx, turn.identity.userId))) return guardianQuestion(turn, { guardianFor: "contact", proposalId });
        return saveContact(tx, turn, contact, proposalId);
      },
    };
  }
  if (!contact) {
    // A long message (or one with a number but more than contact details) is probably something
    // else, a question: leave the flow and treat it normally, so nothing the person wrote is lost.
    if (text.length > 40 || found) return null;
    return { kind: "proposal", replies: [{ text: turn.t("proposal.contactInvalid") }], next: turn.state };
  }
  return {
    kind: "proposal",
    replies: [{ text: turn.t("proposal.contactSaved", { contact }) }],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      if (band) await recordAgeBand(tx, turn.identity.userId, band);
      if (await needsGuardianAgreement(tx, turn.identity.userId)) return guardianQuestion(turn, { guardianFor: "contact", proposalId });
      return saveContact(tx, turn, contact, proposalId);
    },
  };
}

async function saveContact(tx: Prisma.TransactionClient, turn: Turn, contact: string, proposalId: string | undefined): Promise<Partial<Outcome>> {
  const next = idleKeeping(turn.state);
  if (!proposalId) return { replies: [{ text: turn.t("proposal.contactSaved", { contact }) }], next };
  await setProposalContact(tx, { proposalId, userId: turn.identity.userId, contact });
  await recordConsent(tx, { userId: turn.identity.userId, purpose: "callback", textVersion: CONSENT_TEXT_VERSION, now: turn.now });
  return { replies: [{ text: turn.t("proposal.contactSaved", { contact }) }], next };
}

/** Sends a question the bot could not answer (or typed after /lienhe) to staff, as a question. */
export async function escalate(db: Db, turn: Turn, question: string): Promise<Outcome> {
  const route = await routeProposal({ db, text: question });
  return {
    kind: "escalated",
    replies: [],
    commit: async (tx) => {
      const created = await createProposal(tx, {
        kind: "question" satisfies ProposalKind,
        userId: turn.identity.userId,
        channel: turn.msg.channel,
        chatId: turn.msg.chatId,
        content: question,
        topic: route.topic,
        departmentId: route.departmentId,
        routedBy: route.rule,
        now: turn.now,
      });
      return {
        replies: [{ text: turn.t("escalate.created", { department: created.departmentName, code: created.code }) }],
        proposal: { code: created.code, status: created.status },
      };
    },
    next: idleKeeping(turn.state),
  };
}

/** "em 14 tuổi", "mình mới 15t", "dưới 16 tuổi": the person says they are under 16. */
export function statesUnder16(text: string): boolean {
  return statedAgeBand(foldForIntent(text)) === "under16";
}
