-- DropIndex
DROP INDEX "OutboxMessage_channel_chatId_id_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_status_channel_chatId_id_idx" ON "OutboxMessage"("status", "channel", "chatId", "id");
