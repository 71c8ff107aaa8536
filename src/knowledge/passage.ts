// What the knowledge base hands to the conversation: a ranked passage with everything needed to
// quote it and name its source. The conversation depends on this interface, not on the engine.

export interface Passage {
  chunkId: string;
  documentId: string;
  /** Comparable across queries, in [0, 1]. */
  score: number;
  /** True when the score clears the confidence threshold: safe to answer from. */
  confident: boolean;
  /** The document's short title, used in "Nguồn: <title>, <citation>". */
  title: string;
  citation: string;
  heading: string;
  text: string;
  url?: string;
  status: "in_force" | "expired" | "replaced";
  replacedBy?: string;
  topics: string[];
}

export interface KnowledgeSearch {
  search(query: string, opts?: { k?: number }): Promise<Passage[]>;
}
