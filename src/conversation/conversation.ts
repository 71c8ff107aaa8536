// Owns the dialogue: what to do with one IncomingMessage. It finds who wrote (ChatUser and
// ChannelIdentity) and where their dialogue stands, works out the intent, and lets one dialogue
// step decide the replies. Then one transaction records everything the message changes: the
// update as processed, the step's effects (a new proposal, a rating, an erasure), the message log,
// the dialogue state and, on chat platforms, the replies in the outbox. What happened is told as
// events (src/events.ts: replied, searched, outboxWritten) to whoever listens: metrics, the outbox.
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock.ts";
import { recordExchange } from "../db/chat-log.ts";
import { recordNoticeSeen, setLocale } from "../db/chat-users.ts";
import type { Db } from "../db/client.ts";
import { saveConversationState } from "../db/conversation-state.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { recordProcessedUpdate } from "../db/processed-updates.ts";
import { asSession, isUniqueViolation, type SqlSession } from "../db/sql.ts";
import { AppError } from "../errors.ts";
import type { AppEvents } from "../events.ts";
import type { KnowledgeSearch, Passage } from "../knowledge/passage.ts";
import { eraseUserData } from "../privacy/erase-user-data.ts";
import type { ErasureLedger } from "../privacy/erasure-ledger.ts";
import { flushErasedPages } from "../privacy/flush-erased-pages.ts";
import { toLocale, type Locale, type Prompts, LOCALES } from "../prompts.ts";
import { FLOW_TTL_MS, type DialogState } from "./dialog-state.ts";
import { confirmation, detectIntent, foldForIntent, type Intent } from "./intent.ts";
import type { Choice, ConversationResult, IncomingMessage, OutgoingMessage } from "./messages.ts";
import { answerQuestion, pickChoice } from "./answer-question.ts";
import { correctContact, onGuardianAnswer, requestForStaff, showMyData, withdrawConsent } from "./data-rights.ts";
import { onVote, roundPlan, roundVoteList, startRoundQuestion } from "./dialogue-round.ts";
import { listOpportunities } from "./opportunities.ts";
import { switchNotices } from "./notice-switch.ts";
import { onPollAnswer, pollChoiceForNumber } from "./polls.ts";
import { onArea, onCadence, onKinds, onSubscribeConfirm, startSubscribe } from "./subscribe.ts";
import { askContent, escalate, onCommune, onConfirm, onContact, startIntake, takeContent } from "./proposal-intake.ts";
import { linkedChannelsWarning, onLinkCodeMessage, onLinkConfirm, startLinking, unlinkChannel } from "./link-channels.ts";
import { resolveIdentity, type ResolvedIdentity } from "./resolve-identity.ts";
import { rate, track } from "./tracking.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";
import { wellFormed, wellFormedMessage } from "./well-formed.ts";

export const MAX_TEXT_LENGTH = 4000;

export interface HandleOptions {
  /** The platform's update id: an update delivered twice has one effect and one reply. */
  dedupeKey?: string;
  /**
   * "outbox": replies are written to the outbox in the same transaction as the rest of the
   * message's effects, and sent by the worker (chat platforms). "return": the caller shows them
   * (the web chat answers in its HTTP response).
   */
  delivery?: "return" | "outbox";
}

export interface ConversationDeps {
  db: Db;
  knowledge: KnowledgeSearch;
  prompts: Prompts;
  log: Logger;
  /** Where the full privacy notice is, and how long chat logs are kept (for the first-contact notice). */
  privacy: { url: string; retentionDays: number; version: string };
  /** Optional language model that rephrases the passages; the extractive answer is the fallback. */
  llm?: { answer(question: string, passages: Passage[], locale: Locale): Promise<string | null> };
  /** PUBLIC_BASE_URL, for links people open outside the web chat (the /dulieucuatoi download). */
  publicBaseUrl?: string | undefined;
  /** Remembers erasures outside the database, so a restored backup erases the person again. */
  erasureLedger?: ErasureLedger;
  /** Where to tell what happened (metrics listen; the outbox worker wakes on outboxWritten). */
  events?: AppEvents;
  /** Read once per message: the instant everything that message records and decides by. */
  clock?: Clock;
}

export class Conversation {
  private readonly deps: ConversationDeps;

  constructor(deps: ConversationDeps) {
    this.deps = deps.events ? { ...deps, knowledge: timedSearch(deps.knowledge, deps.events) } : deps;
  }

  /** Handles one message; returns null for an update that was already handled. */
  async handle(incoming: IncomingMessage, opts: HandleOptions = {}): Promise<ConversationResult | null> {
    const msg = wellFormedMessage(incoming);
    const dedupeKey = opts.dedupeKey === undefined ? undefined : wellFormed(opts.dedupeKey);
    const text = msg.text.trim();
    const now = (this.deps.clock ?? systemClock).now();
    const identity = await resolveIdentity(this.deps.db, msg, now);
    const locale = toLocale(identity.locale ?? msg.language);
    const turn: Turn = {
      msg: { ...msg, text },
      now,
      identity,
      locale,
      state: identity.state,
      t: (key, vars) => this.deps.prompts.t(locale, key, vars),
    };
    const decided = await this.decide(turn);
    const notice = this.privacyNotice(turn, decided);
    // Everything the message changes, in the message's transaction.
    const finish = async (tx: SqlSession, patch: Partial<Outcome> | void): Promise<Outcome> => {
      const patched: Outcome = { ...decided, ...(patch ?? {}) };
      const done: Outcome = notice ? { ...patched, replies: [...patched.replies, notice] } : patched;
      if (notice) await this.noticeShown(tx, turn);
      if (!done.erased) await this.record(tx, turn, done);
      if (opts.delivery === "outbox") {
        await enqueueMessages(
          tx,
          done.replies.map((r) => ({ channel: msg.channel, chatId: msg.chatId, identityId: done.erased ? null : identity.id, payload: r })),
          now,
        );
      }
      return done;
    };
    let outcome: Outcome;
    try {
      const commit = decided.commit;
      outcome = commit
        ? // A step that changes models (a proposal, a rating, an erasure) needs Prisma's transaction.
          await this.deps.db.prisma.$transaction(async (prismaTx) => {
            const tx = asSession(prismaTx);
            if (dedupeKey) await recordProcessedUpdate(tx, msg.channel, dedupeKey, now);
            return finish(tx, await commit(prismaTx));
          })
        : // Answers, menus, small talk and votes: the direct SQL of the per-message path (src/db/sql.ts).
          await this.deps.db.sql.transaction(async (tx) => {
            if (dedupeKey) await recordProcessedUpdate(tx, msg.channel, dedupeKey, now);
            return finish(tx, decided.commitSql ? await decided.commitSql(tx) : undefined);
          });
    } catch (err) {
      if (dedupeKey && isUniqueViolation(err)) return null;
      throw err;
    }
    if (outcome.erased) {
      // The erasure has committed; the old page images must leave the write-ahead log too.
      const flushed = await flushErasedPages(this.deps.db).catch(() => ({ truncated: false }));
      if (!flushed.truncated) this.deps.log.warn("erasure committed but the SQLite write-ahead log could not be truncated yet (another reader); it will be on the next checkpoint");
    }
    const delivery = opts.delivery ?? "return";
    this.deps.events?.emit("replied", { channel: msg.channel, kind: outcome.kind, replies: outcome.replies.length, delivery });
    if (delivery === "outbox") this.deps.events?.emit("outboxWritten", { channel: msg.channel });
    return {
      replies: outcome.replies,
      kind: outcome.kind,
      sources: outcome.sources ?? [],
      ...(outcome.topScore !== undefined ? { topScore: outcome.topScore } : {}),
      ...(outcome.proposal ? { proposal: outcome.proposal } : {}),
    };
  }

  /** On first contact (or when the notice changed): a short privacy notice after the replies. */
  private privacyNotice(turn: Turn, outcome: Outcome): OutgoingMessage | undefined {
    const { url, retentionDays, version } = this.deps.privacy;
    if (outcome.erased || (!turn.identity.isNew && turn.identity.noticeVersion === version)) return undefined;
    return { text: turn.t("privacy.notice", { url, days: retentionDays }), notice: true };
  }

  /** Records which version of the privacy notice the user was shown. */
  private async noticeShown(tx: SqlSession, turn: Turn): Promise<void> {
    await recordNoticeSeen(tx, turn.identity.userId, this.deps.privacy.version, turn.now);
  }

  private async decide(turn: Turn): Promise<Outcome> {
    const { msg, state } = turn;
    if (msg.content === "unsupported") return { kind: "unsupported", replies: [{ text: turn.t("errors.unsupportedContent") }], next: state };
    if (msg.text === "" && !msg.choice) return { kind: "error", replies: [{ text: turn.t("errors.emptyText") }], next: state };
    if (msg.text.length > MAX_TEXT_LENGTH) {
      return { kind: "error", replies: [{ text: turn.t("errors.tooLong", { length: msg.text.length, limit: MAX_TEXT_LENGTH }) }], next: state };
    }
    const choice = msg.choice ?? pickNumberedChoice(msg.text, state.data.lastChoices) ?? (await this.pollNumber(turn));
    const detected = detectIntent(msg.text, choice);
    // "stop" in the middle of a flow has always meant "stop this"; only outside one is it the stop switch.
    const intent: Intent = detected.type === "stopNotices" && state.flow !== "idle" && foldForIntent(msg.text) === "stop" ? { type: "cancel" } : detected;
    // A flow in progress reads the message first, unless it is a command that leaves the flow.
    if (state.flow !== "idle" && !leavesFlow(intent) && !(isDataRightsIntent(intent) && msg.text.startsWith("/"))) {
      const inFlow = await this.continueFlow(turn, choice);
      if (inFlow) return inFlow;
    }
    return this.onIntent(turn, intent);
  }

  private async continueFlow(turn: Turn, choice: string | undefined): Promise<Outcome | null> {
    const { db } = this.deps;
    const withChoice: Turn = choice ? { ...turn, msg: { ...turn.msg, choice } } : turn;
    switch (turn.state.flow) {
      case "proposal:content":
      case "question:content":
      case "idea:content":
      case "report:content":
        return takeContent(db, turn, turn.msg.text, turn.state.flow);
      case "link:code":
        return onLinkCodeMessage(turn);
      case "link:confirm":
        return onLinkConfirm(withChoice);
      case "proposal:commune":
        return onCommune(db, withChoice);
      case "proposal:confirm":
        return onConfirm(db, withChoice);
      case "proposal:contact":
        return onContact(withChoice);
      case "guardian:confirm":
        return onGuardianAnswer(withChoice);
      case "datarequest:text":
        return requestForStaff(turn, turn.msg.text);
      case "subscribe:kinds":
        return onKinds(withChoice);
      case "subscribe:area":
        return onArea(db, withChoice);
      case "subscribe:cadence":
        return onCadence(withChoice);
      case "subscribe:confirm":
        return onSubscribeConfirm(withChoice);
      case "delete:confirm": {
        const yes = withChoice.msg.choice === "delete:yes" || (withChoice.msg.choice !== "delete:no" && confirmation(turn.msg.text) === "yes");
        if (!yes) return { kind: "delete_data", replies: [{ text: turn.t("deleteData.kept") }], next: idleKeeping(turn.state) };
        return {
          kind: "delete_data",
          replies: [],
          erased: true,
          commit: async (tx) => {
            const report = await eraseUserData(tx, turn.identity.userId, { ledger: this.deps.erasureLedger, now: turn.now });
            return {
              replies: [{ text: turn.t("deleteData.done", { messages: report.messages, contacts: report.contacts, proposals: report.proposals }) }],
            };
          },
        };
      }
      default:
        return null;
    }
  }

  private async onIntent(turn: Turn, intent: Intent): Promise<Outcome> {
    const { db } = this.deps;
    const idle = idleKeeping(turn.state);
    switch (intent.type) {
      case "start": {
        const name = turn.msg.displayName ? ` ${turn.msg.displayName}` : "";
        return { kind: "menu", replies: [{ text: turn.t("welcome", { name }), choices: this.menu(turn) }], next: idle };
      }
      case "menu":
        return { kind: "menu", replies: [{ text: turn.t("menu.prompt"), choices: this.menu(turn) }], next: idle };
      case "help":
        return { kind: "help", replies: [{ text: turn.t("help") }], next: idle };
      case "topic":
        return { kind: "topic", replies: [{ text: turn.t(`topics.${intent.topic}`) }], next: idle };
      case "thanks":
        return { kind: "smalltalk", replies: [{ text: turn.t("smalltalk.thanks") }], next: idle };
      case "goodbye":
        return { kind: "smalltalk", replies: [{ text: turn.t("smalltalk.goodbye") }], next: idle };
      case "insult":
        return { kind: "smalltalk", replies: [{ text: turn.t("smalltalk.insult") }], next: idle };
      case "cancel":
        return {
          kind: "cancel",
          replies: [{ text: turn.t(turn.state.flow === "idle" ? "cancelNothing" : "proposal.cancelled") }],
          next: idle,
        };
      case "propose": {
        // "Đề xuất chính sách cho thanh niên khởi nghiệp có những gì?" opens like a proposal but asks:
        // answered when the knowledge base is sure, with how to send it as a proposal instead.
        if (intent.asks && turn.msg.text) {
          const answered = await answerQuestion(this.deps, turn, turn.msg.text);
          if (answered.kind === "answer") return { ...answered, replies: [...answered.replies, { text: turn.t("proposal.orSend") }] };
        }
        return intent.content ? takeContent(db, turn, intent.content, "proposal:content") : askContent(turn);
      }
      case "contactStaff":
        if (intent.content) return takeContent(db, turn, intent.content, "question:content");
        return { kind: "proposal", replies: [{ text: turn.t("escalate.askQuestion") }], next: { flow: "question:content", data: { lastChoices: [] } } };
      case "escalate":
        if (turn.state.data.lastQuestion) return escalate(db, turn, turn.state.data.lastQuestion);
        return { kind: "proposal", replies: [{ text: turn.t("escalate.askQuestion") }], next: { flow: "question:content", data: { lastChoices: [] } } };
      case "track":
        return track(db, turn, intent.code);
      case "rate":
        return rate(turn, intent.code, intent.helpful);
      case "deleteData": {
        // Linked channels are one person: the erasure covers them all, and says so first.
        const linked = await linkedChannelsWarning(db, turn);
        return {
          kind: "delete_data",
          replies: [
            {
              text: linked ? `${turn.t("deleteData.confirm")}\n\n${linked}` : turn.t("deleteData.confirm"),
              choices: [
                { id: "delete:yes", label: turn.t("deleteData.choiceYes") },
                { id: "delete:no", label: turn.t("deleteData.choiceNo") },
              ],
            },
          ],
          next: { flow: "delete:confirm", data: { lastChoices: [] } },
        };
      }
      case "link":
        return startLinking(turn, intent.code);
      case "unlink":
        return unlinkChannel(turn);
      case "idea":
        return startIntake(db, turn, "idea", intent.content);
      case "report":
        return startIntake(db, turn, "report", intent.content);
      case "lang":
        return this.switchLanguage(turn, intent.locale);
      case "myData":
        return showMyData(this.dataRights(), turn);
      case "correctData":
        return correctContact(turn, intent.value);
      case "withdrawConsent":
        return withdrawConsent(turn);
      case "dataRequest":
        return requestForStaff(turn, intent.text);
      case "pick": {
        const picked = await pickChoice(this.deps, turn, intent.choice);
        if (picked) return picked;
        // An old choice, or one from another conversation: read the message as a new question.
        if (turn.msg.text) return answerQuestion(this.deps, turn, turn.msg.text);
        return { kind: "error", replies: [{ text: turn.t("errors.staleChoice") }], next: idle };
      }
      case "roundPlan":
        return roundPlan(this.deps, turn);
      case "roundQuestion":
        return startRoundQuestion(this.deps, turn, intent.content);
      case "roundVote":
        return roundVoteList(this.deps, turn, intent.offset);
      case "vote":
        return onVote(this.deps, turn, intent.proposalId);
      case "stopNotices":
        return switchNotices(turn, false);
      case "startNotices":
        return switchNotices(turn, true);
      case "opportunities":
        return listOpportunities(this.deps, turn, intent.text, intent.more);
      case "subscribe":
        return startSubscribe(turn);
      case "pollAnswer":
        return onPollAnswer(turn, intent.broadcastId, intent.option);
      case "question":
        return answerQuestion(this.deps, turn, intent.text);
    }
  }

  /** On Zalo (no buttons) a poll is answered with its option's number: "2" right after a poll, outside any menu or flow (polls.ts). */
  private pollNumber(turn: Turn): Promise<string | undefined> {
    return pollChoiceForNumber(this.deps.db, turn);
  }

  private switchLanguage(turn: Turn, requested: string): Outcome {
    if (!(LOCALES as readonly string[]).includes(requested)) {
      return { kind: "settings", replies: [{ text: turn.t("lang.usage") }], next: idleKeeping(turn.state) };
    }
    const locale = requested as Locale;
    return {
      kind: "settings",
      replies: [{ text: this.deps.prompts.t(locale, "lang.switched") }],
      next: idleKeeping(turn.state),
      commit: async (tx) => {
        await setLocale(tx, turn.identity.userId, locale);
      },
    };
  }

  private dataRights() {
    return { db: this.deps.db, retentionDays: this.deps.privacy.retentionDays, publicBaseUrl: this.deps.publicBaseUrl };
  }

  private menu(turn: Turn): Choice[] {
    return [
      { id: "topic:laws", label: turn.t("menu.laws") },
      { id: "topic:jobs", label: turn.t("menu.jobs") },
      { id: "topic:startup", label: turn.t("menu.startup") },
      { id: "proposal:start", label: turn.t("menu.propose") },
      { id: "proposal:track", label: turn.t("menu.track") },
    ];
  }

  private async record(tx: SqlSession, turn: Turn, outcome: Outcome): Promise<void> {
    const { identity, msg } = turn;
    const inText = outcome.inLogText ?? (msg.text || (msg.choice ? `[${msg.choice}]` : msg.content === "unsupported" ? "[unsupported content]" : ""));
    const outText = outcome.replies.map((r) => r.logText ?? r.text).join("\n\n");
    await recordExchange(tx, {
      identityId: identity.id,
      inText: inText.slice(0, MAX_TEXT_LENGTH),
      outText,
      kind: outcome.kind,
      topScore: outcome.topScore ?? null,
      at: turn.now,
    });
    await saveState(tx, identity, outcome, turn.now);
  }
}

async function saveState(tx: SqlSession, identity: ResolvedIdentity, outcome: Outcome, now: Date): Promise<void> {
  const next: DialogState = outcome.next ?? { flow: "idle", data: { lastChoices: [] } };
  const lastChoices = outcome.replies.flatMap((r) => r.choices ?? []).map((c) => c.id);
  const data = JSON.stringify({ ...next.data, lastChoices });
  const expiresAt = next.flow === "idle" ? null : new Date(now.getTime() + FLOW_TTL_MS);
  const unchanged =
    identity.state.flow === "idle" && next.flow === "idle" && JSON.stringify({ ...identity.state.data }) === data;
  if (unchanged) return;
  await saveConversationState(tx, { identityId: identity.id, flow: next.flow, data, expiresAt }, now);
}

/** The knowledge base, telling how long each search (or ask) took; passages are lookups, not searches. */
function timedSearch(knowledge: KnowledgeSearch, events: AppEvents): KnowledgeSearch {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      events.emit("searched", { seconds: (performance.now() - started) / 1000 });
    }
  };
  return {
    search: (query, opts) => timed(() => knowledge.search(query, opts)),
    ask: (text) => timed(() => knowledge.ask(text)),
    passage: (chunkId) => knowledge.passage(chunkId),
  };
}


/** Commands that leave a flow in progress instead of being read as its input. */
function leavesFlow(intent: Intent): boolean {
  return ["start", "help", "menu", "cancel", "deleteData", "track", "lang", "link", "unlink", "report", "subscribe"].includes(intent.type);
}

/** The data-rights commands (/dulieucuatoi, /suadulieu, …) and the stop switch (/huydangky, /nhantin) typed as commands also leave a flow. */
function isDataRightsIntent(intent: Intent): boolean {
  return ["myData", "correctData", "withdrawConsent", "dataRequest", "stopNotices", "startNotices"].includes(intent.type);
}

/** On channels without buttons (and in the web chat), "1", "2", … pick from the last menu shown. */
function pickNumberedChoice(text: string, lastChoices: string[]): string | undefined {
  const m = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text);
  if (!m) return undefined;
  return lastChoices[Number(m[1]) - 1];
}
