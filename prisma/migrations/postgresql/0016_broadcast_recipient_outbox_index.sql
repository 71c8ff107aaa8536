-- CreateIndex
CREATE INDEX "BroadcastRecipient_outboxId_idx" ON "BroadcastRecipient"("outboxId");
