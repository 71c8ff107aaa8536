// One owner per table: every table in prisma/schema.prisma is written (Prisma create, update,
// upsert, delete and their Many forms; raw INSERT, UPDATE and DELETE) only by the module or part
// named below, and every other part asks that owner. The map is the one docs/architecture.md
// ("Tables and their owners") describes; a new table needs an owner here before anything writes it.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/env.ts";

/** Each table's owner: a file, or a part's folder (ending in "/"), under src/. */
const OWNERS: Record<string, string> = {
  ChatUser: "db/chat-users.ts",
  ChannelIdentity: "db/chat-users.ts",
  ConversationState: "db/conversation-state.ts",
  Message: "db/chat-log.ts",
  Department: "proposals/",
  RoutingRule: "proposals/",
  SeedRecord: "proposals/",
  Proposal: "proposals/",
  ProposalEvent: "proposals/",
  ProposalNote: "proposals/",
  CodeCounter: "proposals/",
  Consent: "privacy/consents.ts",
  DataRequest: "privacy/",
  DataExportLink: "privacy/",
  Document: "knowledge/",
  Chunk: "knowledge/",
  TaughtPhrasing: "knowledge/admin/taught-phrasings.ts",
  KnowledgeVersion: "knowledge/knowledge-version.ts",
  StaffUser: "staff/",
  StaffSession: "staff/staff-sessions.ts",
  AuditLog: "db/audit-log.ts",
  JobLease: "jobs/job-lease.ts",
  ApiToken: "staff/",
  OutboxMessage: "db/outbox.ts",
  ProcessedUpdate: "db/processed-updates.ts",
  DialogueRound: "dialogue/round-store.ts",
  RoundVote: "dialogue/round-votes.ts",
  Opportunity: "announcements/opportunity-store.ts",
  OpportunityFeed: "announcements/feeds/feed-store.ts",
  RoundNotice: "dialogue/round-notices.ts",
  LinkCode: "db/link-codes.ts",
  LinkAttempt: "db/link-codes.ts",
  Subscription: "announcements/subscription-store.ts",
  OpportunityNotice: "announcements/subscription-store.ts",
  Broadcast: "announcements/broadcast-store.ts",
  BroadcastRecipient: "announcements/broadcast-store.ts",
  PollAnswer: "announcements/broadcast-store.ts",
};

const src = path.join(repoRoot, "src");

interface Write {
  file: string;
  line: number;
  table: string;
  code: string;
}

function schemaModels(): string[] {
  const schema = readFileSync(path.join(repoRoot, "prisma/schema.prisma"), "utf8");
  return [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]!);
}

/** Comments blanked out (line breaks kept, so line numbers stay right): a comment may name a write. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .split("\n")
    .map((line) => line.replace(/(^|\s)\/\/.*$/, "$1"))
    .join("\n");
}

const PRISMA_WRITE = "create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany";

/** The writes in one source text: Prisma model writes on any client or transaction, and raw SQL. */
function writesIn(file: string, text: string, models: string[]): Write[] {
  const clean = withoutComments(text);
  const byProperty = new Map(models.map((m) => [m[0]!.toLowerCase() + m.slice(1), m]));
  const tables = new Set(models);
  const lineOf = (index: number) => clean.slice(0, index).split("\n").length;
  const found: Write[] = [];
  const prisma = new RegExp(`\\.\\s*(\\w+)\\s*\\.\\s*(${PRISMA_WRITE})\\s*\\(`, "g");
  for (const m of clean.matchAll(prisma)) {
    const table = byProperty.get(m[1]!);
    if (table) found.push({ file, line: lineOf(m.index), table, code: m[0].replace(/\s+/g, "").replace(/\($/, "") });
  }
  const raw = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_]\w*)"?/g;
  for (const m of clean.matchAll(raw)) {
    if (tables.has(m[2]!)) found.push({ file, line: lineOf(m.index), table: m[2]!, code: m[0].replace(/\s+/g, " ") });
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === path.join(src, "db/generated") ? [] : sourceFiles(full);
    return /\.(ts|mts)$/.test(entry.name) ? [full] : [];
  });
}

function allWrites(): Write[] {
  const models = schemaModels();
  return sourceFiles(src).flatMap((full) => writesIn(path.relative(src, full).split(path.sep).join("/"), readFileSync(full, "utf8"), models));
}

const ownedBy = (file: string, owner: string) => (owner.endsWith("/") ? file.startsWith(owner) : file === owner);

describe("table owners", () => {
  it("names one owner, that exists, for every table in the schema and for nothing else", () => {
    expect(Object.keys(OWNERS).sort()).toEqual(schemaModels().sort());
    for (const owner of new Set(Object.values(OWNERS))) expect(existsSync(path.join(src, owner)), owner).toBe(true);
  });

  it("finds Prisma and raw SQL writes, and not the words in comments or locking clauses", () => {
    const models = ["Proposal", "Message", "OutboxMessage"];
    const found = writesIn(
      "x.ts",
      [
        "await tx.proposal",
        "  .updateMany({ where: {} });",
        "// await tx.message.deleteMany({})",
        'await db.execute(sql`INSERT INTO "Message" ("text") VALUES (1)`);',
        'const due = sql`SELECT "id" FROM "OutboxMessage" FOR UPDATE SKIP LOCKED`;',
        'ON CONFLICT ("id") DO UPDATE SET "text" = excluded."text"',
        "await tx.proposal.findMany({}); await prisma.message.count();",
        'DELETE FROM "OutboxMessage" WHERE 1 = 0',
      ].join("\n"),
      models,
    );
    expect(found.map((w) => [w.table, w.line])).toEqual([
      ["Proposal", 1],
      ["Message", 4],
      ["OutboxMessage", 8],
    ]);
  });

  it("sees the owners' own writes (so an empty list below means something)", () => {
    const writes = allWrites();
    for (const table of ["Message", "OutboxMessage", "Proposal", "StaffSession", "ChatUser"]) {
      expect(writes.filter((w) => w.table === table && ownedBy(w.file, OWNERS[table]!)).length, table).toBeGreaterThan(0);
    }
  });

  it("lets no module but the owner write a table", () => {
    const strays = allWrites()
      .filter((w) => !ownedBy(w.file, OWNERS[w.table]!))
      .map((w) => `${w.table} written by src/${w.file}:${w.line} (${w.code}); its owner is src/${OWNERS[w.table]}`);
    expect(strays).toEqual([]);
  });

  it("is the map docs/architecture.md shows", () => {
    const docs = readFileSync(path.join(repoRoot, "docs/architecture.md"), "utf8");
    for (const [table, owner] of Object.entries(OWNERS)) {
      const row = docs.split("\n").find((line) => line.startsWith(`| \`${table}\` |`));
      expect(row, `docs row for ${table}`).toBeDefined();
      expect(row, `docs row for ${table}`).toContain(`\`${owner}\``);
    }
    expect(docs).toContain(`${Object.keys(OWNERS).length} of ${Object.keys(OWNERS).length} tables have one owner`);
  });
});
