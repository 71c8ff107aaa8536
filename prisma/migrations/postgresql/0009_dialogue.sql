-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "agenda" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "publicAnswer" TEXT,
ADD COLUMN     "publicApproved" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "publicSummary" TEXT,
ADD COLUMN     "roundId" TEXT;

-- CreateTable
CREATE TABLE "DialogueRound" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'dialogue',
    "topics" TEXT NOT NULL DEFAULT '',
    "departmentId" TEXT,
    "collectFrom" TIMESTAMP(3) NOT NULL,
    "collectUntil" TIMESTAMP(3) NOT NULL,
    "voteFrom" TIMESTAMP(3) NOT NULL,
    "voteUntil" TIMESTAMP(3) NOT NULL,
    "meetingAt" TIMESTAMP(3) NOT NULL,
    "answersDue" TIMESTAMP(3) NOT NULL,
    "conclusions" TEXT,
    "concludedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DialogueRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundVote" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoundVote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DialogueRound_slug_key" ON "DialogueRound"("slug");

-- CreateIndex
CREATE INDEX "DialogueRound_collectFrom_idx" ON "DialogueRound"("collectFrom");

-- CreateIndex
CREATE INDEX "RoundVote_roundId_userId_idx" ON "RoundVote"("roundId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundVote_proposalId_userId_key" ON "RoundVote"("proposalId", "userId");

-- CreateIndex
CREATE INDEX "Proposal_roundId_agenda_idx" ON "Proposal"("roundId", "agenda");

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "DialogueRound"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DialogueRound" ADD CONSTRAINT "DialogueRound_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundVote" ADD CONSTRAINT "RoundVote_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "DialogueRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundVote" ADD CONSTRAINT "RoundVote_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundVote" ADD CONSTRAINT "RoundVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;
