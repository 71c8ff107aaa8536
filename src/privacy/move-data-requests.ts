// Owns what linking and unlinking channels (conversation/link-channels.ts) do to a person's data
// requests and download links: linked, the absorbed person's become the surviving person's (staff
// answer one person); unlinked, the requests made from that channel go with it. A download link
// belongs to the identity that asked for it and follows it.
import type { Prisma } from "../db/client.ts";

type Tx = Prisma.TransactionClient;

export async function moveDataRequests(tx: Tx, fromUserId: string, toUserId: string): Promise<void> {
  await tx.dataRequest.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
  await tx.dataExportLink.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
}

export async function moveDataRequestsOfIdentity(tx: Tx, identityId: string, toUserId: string): Promise<void> {
  await tx.dataRequest.updateMany({ where: { identityId }, data: { userId: toUserId } });
  await tx.dataExportLink.updateMany({ where: { identityId }, data: { userId: toUserId } });
}
