-- AlterTable
ALTER TABLE "StaffUser" DROP COLUMN "failedLogins",
DROP COLUMN "lockedUntil";
