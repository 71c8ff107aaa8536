// Use case: the author of a proposal or question rates the answer they got (helpful or not), from
// the buttons under the answer in their chat. Only the author's own item takes the rating.
import type { Prisma } from "../db/client.ts";

export async function rateAnswer(tx: Prisma.TransactionClient, opts: { code: string; userId: string; helpful: boolean }): Promise<number> {
  const { count } = await tx.proposal.updateMany({
    where: { code: opts.code, userId: opts.userId },
    data: { rating: opts.helpful ? "helpful" : "not_helpful" },
  });
  return count;
}
