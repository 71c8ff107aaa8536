// Use case: record a person's request about their own data that needs staff (from /yeucaudulieu or
// a request to restrict or object to processing), with its legal deadline, in the message's
// transaction. Administrators see it in the console queue "Yêu cầu về dữ liệu cá nhân".
import { z } from "zod";
import { systemClock } from "../clock.ts";
import type { Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { DATA_REQUEST_KINDS, MAX_REQUEST_TEXT, MIN_REQUEST_TEXT, responseDueAt } from "./data-request.ts";

export const DataRequestInput = z.object({
  userId: z.string().min(1).max(64),
  identityId: z.string().min(1).max(64),
  channel: z.enum(["web", "telegram", "zalo"]),
  kind: z.enum(DATA_REQUEST_KINDS),
  text: z.string().trim().min(MIN_REQUEST_TEXT).max(MAX_REQUEST_TEXT),
});
export type DataRequestInput = z.input<typeof DataRequestInput>;

export interface CreatedDataRequest {
  id: string;
  receivedAt: Date;
  dueAt: Date;
}

export async function createDataRequest(tx: Prisma.TransactionClient, input: DataRequestInput, now: Date = systemClock.now()): Promise<CreatedDataRequest> {
  const parsed = DataRequestInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError("bad_request", { message: `data request refused: ${parsed.error.issues[0]?.path.join(".")} is invalid`, detail: { field: "text" } });
  }
  const row = await tx.dataRequest.create({
    data: { ...parsed.data, receivedAt: now, dueAt: responseDueAt(now) },
    select: { id: true, receivedAt: true, dueAt: true },
  });
  return row;
}
