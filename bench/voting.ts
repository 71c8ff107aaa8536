// Voting under load (issue 18's target: 200 votes/s with p99 ≤ 50 ms on SQLite). A round in its
// voting window with 300 approved questions; young people vote on Zalo, typing the number of a
// question on the list they were last sent (only a pick from that list is a vote). Each message is
// handed to the inbound pipeline as the Zalo adapter hands it (MessageReceiver.receive: dedup, one
// chat at a time, flood limit, then the conversation), so a vote pays what it pays in production:
// identity, the cast-vote use case in the message's transaction, the reply with the remaining
// voting list, the chat log, the dialogue state and the outbox row. Votes are offered at a fixed
// rate (open loop) for a number of seconds; latency runs from the instant a vote was due to its
// commit, so falling behind shows. Every voter has first asked for the list ("bình chọn"), the way
// people meet it, untimed. Runs in this process, against a fresh SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fixedClock } from "../src/clock.ts";
import { openDatabase, type Db } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { approvePublicText } from "../src/dialogue/approve-public-text.ts";
import { openRound } from "../src/dialogue/open-round.ts";
import { Conversation } from "../src/conversation/conversation.ts";
import type { IncomingMessage } from "../src/conversation/messages.ts";
import { MessageReceiver } from "../src/conversation/receive-message.ts";
import type { KnowledgeSearch } from "../src/knowledge/passage.ts";
import { createLogger } from "../src/logger.ts";
import { createProposal } from "../src/proposals/create-proposal.ts";
import { seedDepartments } from "../src/proposals/seed-departments.ts";
import { Prompts } from "../src/prompts.ts";
import type { StaffActor } from "../src/staff/staff-scope.ts";
import { percentile, round } from "./stats.ts";

export interface VotingBenchResult {
  scenario: string;
  /** Votes offered, and at what rate (per second). */
  votes: number;
  rate: number;
  /** Approved questions in the round, and the people voting (three votes each). */
  questions: number;
  voters: number;
  /** Votes committed per second, from the first vote due to the last commit. */
  perSecond: number;
  /** From the instant a vote was due to its commit (ms). */
  p50: number;
  p99: number;
  max: number;
  /** Votes that threw, or a vote count in the database different from the votes cast. */
  failed: number;
  /** CPU time of this process per vote (ms), the steadier figure on a shared machine. */
  cpuMsPerVote: number;
}

const MAX_VOTES = 3;
const QUESTIONS = 300;
const coordinator: StaffActor = { id: "bench", email: "bench@tinhdoan.gov.vn", name: "Bench", role: "coordinator", departmentId: null };
const PLAN = {
  title: "Đối thoại giữa Chủ tịch UBND tỉnh với thanh niên (bench)",
  kind: "dialogue",
  collectFrom: "2027-03-01",
  collectUntil: "2027-03-31",
  voteFrom: "2027-04-05",
  voteUntil: "2027-04-15",
  meetingAt: "2027-05-20T08:00",
  answersDue: "2027-06-20",
};

/** A vote never asks the knowledge base; if one did, the bench would say so rather than measure it. */
const noKnowledge: KnowledgeSearch = {
  search: () => Promise.reject(new Error("voting bench: a vote searched the knowledge base")),
  ask: () => Promise.reject(new Error("voting bench: a vote asked the knowledge base")),
  passage: () => null,
};

/** A round in its voting window with `count` approved questions, each from its own sender. */
async function votingRound(db: Db, prompts: Prompts, count: number): Promise<string[]> {
  await seedDepartments(db);
  const { id: roundId, slug } = await openRound({ db, actor: coordinator, input: PLAN, now: new Date("2027-02-20T03:00:00Z") });
  const department = await db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const sender = await db.prisma.chatUser.create({ data: { locale: "vi" } });
    const created = await db.prisma.$transaction((tx) =>
      createProposal(tx, {
        kind: "proposal",
        userId: sender.id,
        channel: "telegram",
        chatId: String(800_000_000 + n),
        content: `Câu hỏi số ${n + 1} gửi hội nghị đối thoại về việc làm và học nghề cho thanh niên`,
        topic: null,
        departmentId: department.id,
        roundId,
        now: new Date(Date.UTC(2027, 2, 10, 3, n)),
      }),
    );
    const summary = `Câu ${n + 1}: việc làm và học nghề cho thanh niên`;
    await approvePublicText({ db, actor: coordinator, slug, code: created.code, input: { summary }, now: new Date("2027-04-02T03:00:00Z"), texts: { prompts } });
    ids.push(created.id);
  }
  return ids;
}

export async function runVotingBench(opts: { rate: number; seconds: number }): Promise<VotingBenchResult> {
  const work = mkdtempSync(path.join(tmpdir(), "ya-bench-voting-"));
  const target = { provider: "sqlite" as const, url: `file:${path.join(work, "app.db")}` };
  await migrateDatabase(target);
  const db = await openDatabase(target);
  try {
    const prompts = Prompts.load();
    const log = createLogger("silent");
    const questionIds = await votingRound(db, prompts, QUESTIONS);
    // Dates are the round's (the middle of its voting window); latency is measured in real time.
    const clock = fixedClock("2027-04-10T03:00:00Z");
    const conversation = new Conversation({ db, knowledge: noKnowledge, prompts, log, privacy: { url: "/privacy", retentionDays: 90, version: "bench" }, clock });
    const receiver = new MessageReceiver({ conversation, db, prompts, log, flood: { messages: 20, windowMs: 60_000 }, clock });
    const votes = Math.max(1, Math.round(opts.rate * opts.seconds));
    const voters = Math.ceil(votes / MAX_VOTES);
    let update = 0;
    const message = (voter: number, text: string): IncomingMessage => {
      const id = `zl${900_000_000 + voter}`;
      return { channel: "zalo", chatId: id, userId: id, language: "vi", text, messageId: String(++update), date: clock.now() };
    };
    for (let v = 0; v < voters; v++) await receiver.receive(message(v, "bình chọn"), `list-${v}`);

    // Vote j is voter j mod voters's (j / voters)-th: a person's three votes are seconds apart, each
    // a number from 1 to 10 on the list the previous message sent (which leaves out their votes).
    const latencies: number[] = [];
    let failed = 0;
    const cast = async (j: number, due: number) => {
      const voter = j % voters;
      const k = Math.floor(j / voters);
      try {
        const outcome = await receiver.receive(message(voter, String(1 + ((voter * 7 + k * 3) % 10))), `vote-${j}`);
        if (outcome !== "handled") failed++;
        latencies.push(performance.now() - due);
      } catch {
        failed++;
      }
    };
    const cpu = process.cpuUsage();
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let j = 0; j < votes; j++) {
      const due = start + (j * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(cast(j, due));
    }
    await Promise.all(inFlight);
    const elapsed = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const counted = await db.prisma.roundVote.count();
    return {
      scenario: `SQLite, ${opts.rate}/s`,
      votes,
      rate: opts.rate,
      questions: questionIds.length,
      voters,
      perSecond: round(latencies.length / elapsed, 0),
      p50: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      max: round(Math.max(0, ...latencies)),
      failed: failed + Math.abs(votes - failed - counted),
      cpuMsPerVote: round((used.user + used.system) / 1000 / votes, 2),
    };
  } finally {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  }
}
