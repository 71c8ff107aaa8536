-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "identityId" TEXT,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "bulk" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_OutboxMessage" ("attempts", "channel", "chatId", "createdAt", "id", "identityId", "lastError", "nextAttemptAt", "payload", "sentAt", "status") SELECT "attempts", "channel", "chatId", "createdAt", "id", "identityId", "lastError", "nextAttemptAt", "payload", "sentAt", "status" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_status_channel_chatId_id_idx" ON "OutboxMessage"("status", "channel", "chatId", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
