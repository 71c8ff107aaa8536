// The ConversationState table's only writer: each chat identity's dialogue state (the flow in
// progress, its data, the choices last offered), one row per identity, written with the message
// (or notice) that changed it.
import { systemClock } from "../clock.ts";
import type { Prisma, PrismaClient } from "./client.ts";
import { asSession, sql, type SqlSession } from "./sql.ts";

type Tx = Prisma.TransactionClient | PrismaClient | SqlSession;

export interface StoredState {
  identityId: string;
  /** The flow in progress ("idle" when none). */
  flow: string;
  /** JSON of the flow's data, including the ids of the choices last offered. */
  data: string;
  /** When an unfinished flow is forgotten; null for idle. */
  expiresAt: Date | null;
}

export async function saveConversationState(tx: Tx, state: StoredState, now: Date = systemClock.now()): Promise<void> {
  await asSession(tx).execute(sql`
    INSERT INTO "ConversationState" ("identityId", "state", "data", "expiresAt", "updatedAt")
    VALUES (${state.identityId}, ${state.flow}, ${state.data}, ${state.expiresAt}, ${now})
    ON CONFLICT ("identityId") DO UPDATE
      SET "state" = excluded."state", "data" = excluded."data", "expiresAt" = excluded."expiresAt", "updatedAt" = excluded."updatedAt"`);
}
