-- CreateTable
CREATE TABLE "LinkCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "codeHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "LinkCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LinkCode_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ChannelIdentity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LinkAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "identityId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LinkAttempt_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ChannelIdentity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'proposal',
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "urgentNoticeAt" DATETIME,
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
INSERT INTO "new_Proposal" ("agenda", "anonymisedAt", "answer", "answeredAt", "answeredBy", "channel", "chatId", "code", "contact", "content", "createdAt", "departmentId", "dueAt", "escalatedAt", "id", "kind", "mergedIntoId", "publicAnswer", "publicApproved", "publicSummary", "rating", "reminderSentAt", "roundId", "routingMatch", "routingRuleId", "searchText", "status", "topic", "updatedAt", "userId") SELECT "agenda", "anonymisedAt", "answer", "answeredAt", "answeredBy", "channel", "chatId", "code", "contact", "content", "createdAt", "departmentId", "dueAt", "escalatedAt", "id", "kind", "mergedIntoId", "publicAnswer", "publicApproved", "publicSummary", "rating", "reminderSentAt", "roundId", "routingMatch", "routingRuleId", "searchText", "status", "topic", "updatedAt", "userId" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE UNIQUE INDEX "Proposal_code_key" ON "Proposal"("code");
CREATE INDEX "Proposal_departmentId_status_idx" ON "Proposal"("departmentId", "status");
CREATE INDEX "Proposal_status_dueAt_idx" ON "Proposal"("status", "dueAt");
CREATE INDEX "Proposal_userId_idx" ON "Proposal"("userId");
CREATE INDEX "Proposal_roundId_agenda_idx" ON "Proposal"("roundId", "agenda");
CREATE INDEX "Proposal_priority_urgentNoticeAt_idx" ON "Proposal"("priority", "urgentNoticeAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "LinkCode_codeHash_key" ON "LinkCode"("codeHash");

-- CreateIndex
CREATE INDEX "LinkCode_userId_idx" ON "LinkCode"("userId");

-- CreateIndex
CREATE INDEX "LinkCode_identityId_idx" ON "LinkCode"("identityId");

-- CreateIndex
CREATE INDEX "LinkAttempt_identityId_createdAt_idx" ON "LinkAttempt"("identityId", "createdAt");
