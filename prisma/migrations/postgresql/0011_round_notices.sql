-- AlterTable
ALTER TABLE "ChatUser" ADD COLUMN     "noticesStoppedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RoundNotice" (
    "id" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoundNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RoundNotice_userId_idx" ON "RoundNotice"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundNotice_proposalId_userId_kind_key" ON "RoundNotice"("proposalId", "userId", "kind");

-- AddForeignKey
ALTER TABLE "RoundNotice" ADD CONSTRAINT "RoundNotice_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundNotice" ADD CONSTRAINT "RoundNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;
