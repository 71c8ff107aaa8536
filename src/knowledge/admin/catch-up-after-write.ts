// Makes this instance's index reflect a knowledge change it just committed, before answering the
// request that made it (so an uploaded document is searchable as soon as the upload returns).
// KnowledgeBase.catchUp() shares a run already in flight, and that run may have read the knowledge
// version before our commit; the second call starts after it and is a single cheap read otherwise.

export interface IndexCatchUp {
  catchUp(): Promise<void>;
}

export async function catchUpAfterWrite(knowledge: IndexCatchUp): Promise<void> {
  await knowledge.catchUp();
  await knowledge.catchUp();
}
