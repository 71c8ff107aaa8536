// Use case behind the console page "Dữ liệu đi đâu": where personal data goes, read from the
// configuration (never hard-coded), so the page stays true when the deployment changes.
export interface DataFlowsInput {
  /** API roots of the chat platforms in use (their servers receive and deliver the messages). */
  telegramApiRoot?: string | undefined;
  zaloApiRoot?: string | undefined;
  /** Base URLs of remote language-model and embedding endpoints, when configured. */
  llmBaseUrl?: string | undefined;
  embeddingsBaseUrl?: string | undefined;
  database: "sqlite" | "postgresql";
  dataDir: string;
  chatLogRetentionDays: number;
  backup?: { keep: number; maxAgeDays: number } | undefined;
}

export interface DataFlow {
  /** A key the console turns into words. */
  key: "web" | "telegram" | "zalo" | "llm" | "embeddings" | "database" | "backups" | "messages";
  /** A host name, a folder or a number of days. */
  where: string;
  extra?: Record<string, string | number>;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
}

/** The remote hosts question text is sent to (for the console page and the privacy notice). */
export function remoteProcessors(input: Pick<DataFlowsInput, "llmBaseUrl" | "embeddingsBaseUrl">): string[] {
  const hosts = [input.llmBaseUrl, input.embeddingsBaseUrl].filter((u): u is string => Boolean(u)).map(hostOf);
  return [...new Set(hosts)];
}

export function describeDataFlows(input: DataFlowsInput): DataFlow[] {
  const flows: DataFlow[] = [{ key: "web", where: "web" }];
  if (input.telegramApiRoot) flows.push({ key: "telegram", where: hostOf(input.telegramApiRoot) });
  if (input.zaloApiRoot) flows.push({ key: "zalo", where: hostOf(input.zaloApiRoot) });
  if (input.llmBaseUrl) flows.push({ key: "llm", where: hostOf(input.llmBaseUrl) });
  if (input.embeddingsBaseUrl) flows.push({ key: "embeddings", where: hostOf(input.embeddingsBaseUrl) });
  flows.push({ key: "database", where: input.database === "sqlite" ? input.dataDir : "PostgreSQL" });
  flows.push({
    key: "backups",
    where: input.database === "sqlite" ? `${input.dataDir}/backups` : "pg_dump",
    ...(input.backup ? { extra: { keep: input.backup.keep, days: input.backup.maxAgeDays } } : {}),
  });
  flows.push({ key: "messages", where: String(input.chatLogRetentionDays), extra: { days: input.chatLogRetentionDays } });
  return flows;
}
