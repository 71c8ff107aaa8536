-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'department';

-- AlterTable
ALTER TABLE "RoutingRule" ADD COLUMN     "toCommune" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "routingMatch" TEXT,
ADD COLUMN     "routingRuleId" TEXT;

-- CreateTable
CREATE TABLE "SeedRecord" (
    "key" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeedRecord_pkey" PRIMARY KEY ("key")
);
