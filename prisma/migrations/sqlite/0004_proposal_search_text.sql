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
    CONSTRAINT "Proposal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ChatUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Proposal_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Proposal" ("anonymisedAt", "answer", "answeredAt", "answeredBy", "channel", "chatId", "code", "contact", "content", "createdAt", "departmentId", "dueAt", "escalatedAt", "id", "kind", "mergedIntoId", "rating", "reminderSentAt", "status", "topic", "updatedAt", "userId") SELECT "anonymisedAt", "answer", "answeredAt", "answeredBy", "channel", "chatId", "code", "contact", "content", "createdAt", "departmentId", "dueAt", "escalatedAt", "id", "kind", "mergedIntoId", "rating", "reminderSentAt", "status", "topic", "updatedAt", "userId" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE UNIQUE INDEX "Proposal_code_key" ON "Proposal"("code");
CREATE INDEX "Proposal_departmentId_status_idx" ON "Proposal"("departmentId", "status");
CREATE INDEX "Proposal_status_dueAt_idx" ON "Proposal"("status", "dueAt");
CREATE INDEX "Proposal_userId_idx" ON "Proposal"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
