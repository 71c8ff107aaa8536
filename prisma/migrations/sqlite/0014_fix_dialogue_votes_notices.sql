-- AlterTable
ALTER TABLE "RoundVote" ADD COLUMN "channel" TEXT;
ALTER TABLE "RoundVote" ADD COLUMN "origin" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RoundNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "dueAt" DATETIME,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoundNotice_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoundNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RoundNotice" ("createdAt", "id", "kind", "proposalId", "userId") SELECT "createdAt", "id", "kind", "proposalId", "userId" FROM "RoundNotice";
DROP TABLE "RoundNotice";
ALTER TABLE "new_RoundNotice" RENAME TO "RoundNotice";
CREATE INDEX "RoundNotice_userId_idx" ON "RoundNotice"("userId");
CREATE INDEX "RoundNotice_status_dueAt_idx" ON "RoundNotice"("status", "dueAt");
CREATE UNIQUE INDEX "RoundNotice_proposalId_userId_kind_key" ON "RoundNotice"("proposalId", "userId", "kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RoundVote_roundId_origin_idx" ON "RoundVote"("roundId", "origin");
