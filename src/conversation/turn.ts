// The types a dialogue step works with: what it is given (a Turn) and what it decides (an
// Outcome). Steps only read; whatever they change is a `commit` run inside the message's
// transaction, so a crash never leaves half a proposal or a reply without its effect.
import type { Prisma } from "../db/client.ts";
import type { SqlSession } from "../db/sql.ts";
import type { Locale } from "../prompts.ts";
import type { DialogState } from "./dialog-state.ts";
import type { IncomingMessage, OutgoingMessage, ReplyKind, Source } from "./messages.ts";
import type { ResolvedIdentity } from "./resolve-identity.ts";

export interface Turn {
  msg: IncomingMessage;
  /** The instant this message is handled at (the conversation's clock, read once): deadlines, expiry and records use it. */
  now: Date;
  identity: ResolvedIdentity;
  locale: Locale;
  state: DialogState;
  t: (key: string, vars?: Record<string, string | number>) => string;
}

export interface Outcome {
  kind: ReplyKind;
  replies: OutgoingMessage[];
  sources?: Source[];
  topScore?: number;
  proposal?: { code: string; status: string };
  /** The dialogue state after this message; idle when omitted. */
  next?: DialogState;
  /** Changes to make in the message's transaction; may finish the replies (e.g. with a new code). */
  commit?: (tx: Prisma.TransactionClient) => Promise<Partial<Pick<Outcome, "replies" | "proposal" | "next" | "kind">> | void>;
  /**
   * The same for a step whose changes are all direct SQL (db/sql.ts), run in the per-message SQL
   * transaction without Prisma's: a vote, which comes by the hundred a second.
   */
  commitSql?: (tx: SqlSession) => Promise<Partial<Pick<Outcome, "replies" | "proposal" | "next" | "kind">> | void>;
  /** What the message log keeps of the incoming text, when not the text itself (a linking code). */
  inLogText?: string;
  /** The person's data was erased: nothing of this exchange may be stored about them. */
  erased?: boolean;
}

export function idleKeeping(state: DialogState, extra: Partial<DialogState["data"]> = {}): DialogState {
  return {
    flow: "idle",
    data: { lastChoices: [], ...(state.data.lastQuestion ? { lastQuestion: state.data.lastQuestion } : {}), ...extra },
  };
}
