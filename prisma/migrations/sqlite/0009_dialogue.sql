-- CreateTable
CREATE TABLE "DialogueRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'dialogue',
    "topics" TEXT NOT NULL DEFAULT '',
    "departmentId" TEXT,
    "collectFrom" DATETIME NOT NULL,
    "collectUntil" DATETIME NOT NULL,
    "voteFrom" DATETIME NOT NULL,
    "voteUntil" DATETIME NOT NULL,
    "meetingAt" DATETIME NOT NULL,
    "answersDue" DATETIME NOT NULL,
    "conclusions" TEXT,
    "concludedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DialogueRound_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoundVote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoundVote_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "DialogueRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoundVote_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoundVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'proposal',
    "userId" TEXT,
    "channel" TEXT NOT NULL,
    "chatId" TEXT,
    "content" TEXT NOT NULL,
    "topic" TEXT,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "dueAt" DATETIME NOT NULL,
    "answer" TEXT,
    "answeredAt" DATETIME,
    "answeredBy" TEXT,
    "rating" TEXT,
    "contact" TEXT,
    "mergedIntoId" TEXT,
    "anonymisedAt" DATETIME,
    "reminderSentAt" DATETIME,
    "escalatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "searchText" TEXT NOT NULL DEFAULT '',
    "routingRuleId" TEXT,
    "routingMatch" TEXT,
    "roundId" TEXT,
    "agenda" BOOLEAN NOT NULL DEFAULT false,
    "publicSummary" TEXT,
    "publicAnswer" TEXT,
    "publicApproved" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Proposal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Proposal_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Proposal_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "DialogueRound" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Proposal" ("anonymisedAt", "answer", "answeredAt", "answeredBy", "channel", "chatId", "code", "contact", "content", "createdAt", "departmentId", "dueAt", "escalatedAt", "id", "kind", "mergedIntoId", "rating", "reminderSentAt", "routingMatch", "routingRuleId", "searchText", "status", "topic", "updatedAt", "userId") SELECT "anonymisedAt", "answer", "answeredAt", "answeredBy", "channel", "chatId", "code", "contact", "content", "createdAt", "departmentId", "dueAt", "escalatedAt", "id", "kind", "mergedIntoId", "rating", "reminderSentAt", "routingMatch", "routingRuleId", "searchText", "status", "topic", "updatedAt", "userId" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE UNIQUE INDEX "Proposal_code_key" ON "Proposal"("code");
CREATE INDEX "Proposal_departmentId_status_idx" ON "Proposal"("departmentId", "status");
CREATE INDEX "Proposal_status_dueAt_idx" ON "Proposal"("status", "dueAt");
CREATE INDEX "Proposal_userId_idx" ON "Proposal"("userId");
CREATE INDEX "Proposal_roundId_agenda_idx" ON "Proposal"("roundId", "agenda");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "DialogueRound_slug_key" ON "DialogueRound"("slug");

-- CreateIndex
CREATE INDEX "DialogueRound_collectFrom_idx" ON "DialogueRound"("collectFrom");

-- CreateIndex
CREATE INDEX "RoundVote_roundId_userId_idx" ON "RoundVote"("roundId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundVote_proposalId_userId_key" ON "RoundVote"("proposalId", "userId");
