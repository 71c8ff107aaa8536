-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN     "feedId" TEXT;

-- CreateTable
CREATE TABLE "OpportunityFeed" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "place" TEXT,
    "topics" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastFetchedAt" TIMESTAMP(3),
    "lastResult" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OpportunityFeed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OpportunityFeed_url_key" ON "OpportunityFeed"("url");

-- CreateIndex
CREATE INDEX "OpportunityFeed_active_lastFetchedAt_idx" ON "OpportunityFeed"("active", "lastFetchedAt");

-- CreateIndex
CREATE INDEX "Opportunity_feedId_idx" ON "Opportunity"("feedId");

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "OpportunityFeed"("id") ON DELETE SET NULL ON UPDATE CASCADE;
