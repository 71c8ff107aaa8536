-- AlterTable
ALTER TABLE "RoundVote" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "origin" TEXT;

-- AlterTable
ALTER TABLE "RoundNotice" ADD COLUMN     "dueAt" TIMESTAMP(3),
ADD COLUMN     "sentAt" TIMESTAMP(3),
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'sent';

-- CreateIndex
CREATE INDEX "RoundVote_roundId_origin_idx" ON "RoundVote"("roundId", "origin");

-- CreateIndex
CREATE INDEX "RoundNotice_status_dueAt_idx" ON "RoundNotice"("status", "dueAt");
