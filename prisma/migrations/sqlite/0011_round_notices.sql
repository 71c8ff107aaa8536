-- AlterTable
ALTER TABLE "ChatUser" ADD COLUMN "noticesStoppedAt" DATETIME;

-- CreateTable
CREATE TABLE "RoundNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoundNotice_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoundNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RoundNotice_userId_idx" ON "RoundNotice"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundNotice_proposalId_userId_kind_key" ON "RoundNotice"("proposalId", "userId", "kind");
