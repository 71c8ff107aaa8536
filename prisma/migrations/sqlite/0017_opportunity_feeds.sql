-- CreateTable
CREATE TABLE "OpportunityFeed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "place" TEXT,
    "topics" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastFetchedAt" DATETIME,
    "lastResult" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Opportunity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "organiser" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "placeKey" TEXT NOT NULL,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "deadline" DATETIME,
    "expiresAt" DATETIME NOT NULL,
    "ageMin" INTEGER,
    "ageMax" INTEGER,
    "topics" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "contact" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "sourceId" TEXT,
    "feedId" TEXT,
    "duplicateKey" TEXT NOT NULL,
    "withdrawnAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Opportunity_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "OpportunityFeed" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Opportunity" ("ageMax", "ageMin", "contact", "createdAt", "deadline", "duplicateKey", "endsAt", "expiresAt", "id", "kind", "link", "organiser", "place", "placeKey", "source", "sourceId", "startsAt", "title", "topics", "updatedAt", "withdrawnAt") SELECT "ageMax", "ageMin", "contact", "createdAt", "deadline", "duplicateKey", "endsAt", "expiresAt", "id", "kind", "link", "organiser", "place", "placeKey", "source", "sourceId", "startsAt", "title", "topics", "updatedAt", "withdrawnAt" FROM "Opportunity";
DROP TABLE "Opportunity";
ALTER TABLE "new_Opportunity" RENAME TO "Opportunity";
CREATE UNIQUE INDEX "Opportunity_duplicateKey_key" ON "Opportunity"("duplicateKey");
CREATE INDEX "Opportunity_expiresAt_idx" ON "Opportunity"("expiresAt");
CREATE INDEX "Opportunity_feedId_idx" ON "Opportunity"("feedId");
CREATE UNIQUE INDEX "Opportunity_source_sourceId_key" ON "Opportunity"("source", "sourceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "OpportunityFeed_url_key" ON "OpportunityFeed"("url");

-- CreateIndex
CREATE INDEX "OpportunityFeed_active_lastFetchedAt_idx" ON "OpportunityFeed"("active", "lastFetchedAt");
