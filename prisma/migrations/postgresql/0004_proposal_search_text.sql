-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';
