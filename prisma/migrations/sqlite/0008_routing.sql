-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "routingMatch" TEXT;
ALTER TABLE "Proposal" ADD COLUMN "routingRuleId" TEXT;

-- CreateTable
CREATE TABLE "SeedRecord" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "rowId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'department',
    "dueDays" INTEGER NOT NULL DEFAULT 15,
    "isCoordinator" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Department" ("createdAt", "description", "dueDays", "id", "isCoordinator", "name", "slug", "updatedAt") SELECT "createdAt", "description", "dueDays", "id", "isCoordinator", "name", "slug", "updatedAt" FROM "Department";
DROP TABLE "Department";
ALTER TABLE "new_Department" RENAME TO "Department";
CREATE UNIQUE INDEX "Department_slug_key" ON "Department"("slug");
CREATE TABLE "new_RoutingRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentId" TEXT NOT NULL,
    "topic" TEXT,
    "keywords" TEXT NOT NULL DEFAULT '',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "toCommune" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoutingRule_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RoutingRule" ("createdAt", "departmentId", "id", "keywords", "priority", "topic") SELECT "createdAt", "departmentId", "id", "keywords", "priority", "topic" FROM "RoutingRule";
DROP TABLE "RoutingRule";
ALTER TABLE "new_RoutingRule" RENAME TO "RoutingRule";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
