// Chooses the embedder from configuration: the built-in offline one by default, or an
// OpenAI-compatible endpoint when EMBEDDINGS_BASE_URL / EMBEDDINGS_MODEL are set.
import type { Config } from "../../config.ts";
import { HashingEmbeddings, type FingerprintedEmbeddings } from "./embedder.ts";
import { OpenAICompatibleEmbeddings } from "./remote-embedder.ts";

export function createEmbeddings(config: Pick<Config, "embeddings">): FingerprintedEmbeddings {
  const remote = config.embeddings;
  if (!remote) return new HashingEmbeddings();
  return new OpenAICompatibleEmbeddings({
    baseUrl: remote.baseUrl,
    model: remote.model,
    ...(remote.apiKey ? { apiKey: remote.apiKey } : {}),
    // Pinning the size makes it part of the fingerprint, so a change of size rebuilds the index.
    ...(remote.dimensions ? { dimensions: remote.dimensions } : {}),
  });
}
