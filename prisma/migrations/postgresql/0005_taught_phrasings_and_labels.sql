-- AlterTable
ALTER TABLE "Chunk" ADD COLUMN     "label" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "TaughtPhrasing" (
    "id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "citation" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "origin" TEXT NOT NULL,
    "createdBy" TEXT,
    "reviewedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMP(3),

    CONSTRAINT "TaughtPhrasing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TaughtPhrasing_status_idx" ON "TaughtPhrasing"("status");

-- CreateIndex
CREATE INDEX "TaughtPhrasing_documentId_status_idx" ON "TaughtPhrasing"("documentId", "status");

-- AddForeignKey
ALTER TABLE "TaughtPhrasing" ADD CONSTRAINT "TaughtPhrasing_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
