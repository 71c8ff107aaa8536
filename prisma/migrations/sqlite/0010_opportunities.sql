-- CreateTable
CREATE TABLE "Opportunity" (
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
    "duplicateKey" TEXT NOT NULL,
    "withdrawnAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_duplicateKey_key" ON "Opportunity"("duplicateKey");

-- CreateIndex
CREATE INDEX "Opportunity_expiresAt_idx" ON "Opportunity"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_source_sourceId_key" ON "Opportunity"("source", "sourceId");
