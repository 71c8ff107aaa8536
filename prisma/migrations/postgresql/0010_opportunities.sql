-- CreateTable
CREATE TABLE "Opportunity" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "organiser" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "placeKey" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "deadline" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ageMin" INTEGER,
    "ageMax" INTEGER,
    "topics" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "contact" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "sourceId" TEXT,
    "duplicateKey" TEXT NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Opportunity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_duplicateKey_key" ON "Opportunity"("duplicateKey");

-- CreateIndex
CREATE INDEX "Opportunity_expiresAt_idx" ON "Opportunity"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_source_sourceId_key" ON "Opportunity"("source", "sourceId");
