-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "bulk" BOOLEAN NOT NULL DEFAULT false;
