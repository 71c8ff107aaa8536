// npm run chaos: fault injection against the real service, scripted. Runs the service as a child
// process in Telegram webhook mode against a fake Telegram on 127.0.0.1, delivers a burst of chat
// traffic (questions, tracking, proposal intakes) and SIGKILLs the process mid-burst, several times
// if asked, then checks that every update got its reply exactly once and that no proposal was lost
// or duplicated. Prints a summary (or JSON with --json) and exits 1 when a guarantee was broken.
//
//   npm run chaos                                   # 1,000 messages, 100 users, 3 kills
//   npm run chaos -- --users 200 --per-user 10 --kills 5 --json
//   npm run chaos -- --kills 0 --outage-seconds 180 --outage-status 429   # Telegram refusing for 3 minutes
//   npm run chaos -- --postgres postgresql://postgres@127.0.0.1:5432/test  # on a fresh PostgreSQL database
import { parseArgs } from "node:util";
import { postgresDatabase as createPostgresDatabase } from "../bench/services.ts";
import { runCrashScenario, type CrashScenarioReport } from "../test/reliability/support/crash-scenario.ts";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100" },
    "per-user": { type: "string", default: "10" },
    "proposer-every": { type: "string", default: "4" },
    kills: { type: "string", default: "3" },
    concurrency: { type: "string", default: "40" },
    "outage-seconds": { type: "string", default: "0" },
    "outage-status": { type: "string", default: "500" },
    json: { type: "boolean", default: false },
    postgres: { type: "string" },
    "keep-data": { type: "boolean", default: false },
  },
});

const users = Number(values.users);
const perUser = Number(values["per-user"]);
const killCount = Number(values.kills);
const total = users * perUser;
// Kills spread evenly over the burst: with 3 kills, after 25 %, 50 % and 75 % of the updates were acknowledged.
const killAfterAcks = Array.from({ length: killCount }, (_, i) => Math.max(1, Math.round((total * (i + 1)) / (killCount + 1))));

// --postgres <server URL>: the service runs on a fresh PostgreSQL database there, dropped at the end.
const postgres = values.postgres ? await createPostgresDatabase(values.postgres) : undefined;
const report = await runCrashScenario({
  users,
  perUser,
  proposerEvery: Number(values["proposer-every"]),
  killAfterAcks,
  concurrency: Number(values.concurrency),
  ...(Number(values["outage-seconds"]) > 0
    ? { outage: { atAcks: Math.round(total * 0.1), ms: Number(values["outage-seconds"]) * 1000, status: values["outage-status"] === "429" ? 429 : 500 } }
    : {}),
  keepData: values["keep-data"],
  ...(postgres ? { databaseUrl: postgres.url } : {}),
  log: values.json ? undefined : (line) => console.log(`· ${line}`),
});

if (postgres && !values["keep-data"]) await postgres.drop();

const broken = guaranteesBroken(report);
if (values.json) console.log(JSON.stringify({ ...report, broken }, null, 2));
else printSummary(report, broken);
process.exitCode = broken.length > 0 ? 1 : 0;

function guaranteesBroken(r: CrashScenarioReport): string[] {
  const out: string[] = [];
  if (r.sender.acknowledged !== r.messages) out.push(`${r.messages - r.sender.acknowledged} update(s) never acknowledged`);
  if (r.audit.lost > 0) out.push(`${r.audit.lost} reply(ies) lost`);
  if (r.audit.unexpected > 0) out.push(`${r.audit.unexpected} unexpected message(s)`);
  // A reply Telegram had received just before a kill, whose row was not yet marked sent, may be sent
  // again: at-least-once is the documented guarantee for those. Anything beyond is a defect.
  const allowed = r.deliveredInFlight;
  if (r.audit.duplicates > allowed) out.push(`${r.audit.duplicates} duplicate reply(ies), only ${allowed} explained by in-flight sends at a kill`);
  if (r.proposals.missing > 0 || r.proposals.duplicated > 0) out.push(`proposals: ${r.proposals.missing} lost, ${r.proposals.duplicated} duplicated`);
  if (r.processedUpdates !== r.messages) out.push(`${r.processedUpdates} updates recorded as processed, expected ${r.messages}`);
  if (r.inboundLogged !== r.messages) out.push(`${r.inboundLogged} inbound messages logged, expected ${r.messages}`);
  if ((r.outbox.pending ?? 0) + (r.outbox.sending ?? 0) + (r.outbox.failed ?? 0) > 0) out.push(`outbox not drained: ${JSON.stringify(r.outbox)}`);
  if (r.errorLogLines > 0) out.push(`${r.errorLogLines} error line(s) in the service log`);
  if (r.secretsInLog > 0) out.push(`${r.secretsInLog} log line(s) contain the bot token or the webhook secret`);
  if (!r.gracefulExit) out.push("the last run did not stop cleanly on SIGTERM");
  return out;
}

function printSummary(r: CrashScenarioReport, broken: string[]): void {
  const inFlight = r.kills.reduce((n, k) => n + k.outboxSending, 0);
  const atTelegram = r.deliveredInFlight;
  const lines = [
    "",
    `Messages            ${r.messages} from ${r.users} users (${r.proposers} filed a proposal)`,
    `Kills (SIGKILL)     ${r.kills.length}, after ${r.kills.map((k) => k.acknowledged).join(", ")} acknowledged updates`,
    `Restart             ${r.kills.map((k) => `${k.restartMs} ms`).join(", ")} from kill to /healthz`,
    `Re-sent by Telegram ${r.sender.redelivered} updates (${r.sender.networkErrors} refused/reset POSTs, statuses ${JSON.stringify(r.sender.statuses)})`,
    `Handled, not acked  ${r.kills.reduce((n, k) => n + k.processedNotAcknowledged, 0)} updates at the kills (re-sent, recognised, no second effect)`,
    `In flight at kills  ${inFlight} replies; ${atTelegram} distinct ones had already reached Telegram (these may be sent twice)`,
    `Replies             ${r.audit.expectedReplies} expected, ${r.audit.received} received; ${r.audit.exactlyOnce}/${r.audit.updates} updates answered exactly once`,
    `Lost / duplicated   ${r.audit.lost} lost, ${r.audit.duplicates} duplicated, ${r.audit.unexpected} unexpected`,
    `Proposals           ${r.proposals.stored}/${r.proposals.expected} stored, ${r.proposals.missing} lost, ${r.proposals.duplicated} duplicated`,
    `Processed updates   ${r.processedUpdates}; inbound messages logged ${r.inboundLogged}`,
    `Outbox at the end   ${JSON.stringify(r.outbox)}`,
    `Time                burst ${(r.timings.burstMs / 1000).toFixed(1)} s, drained ${(r.timings.drainAfterLastRestartMs / 1000).toFixed(1)} s after the last restart, total ${(r.timings.totalMs / 1000).toFixed(1)} s`,
    ...(r.outage
      ? [
          `Outage              Telegram ${r.outage.status} for ${r.outage.ms / 1000} s: ${r.outage.failedAttempts} failed attempts, ${r.outage.heldAtEnd} replies held at its end, drained ${(r.outage.drainAfterEndMs / 1000).toFixed(1)} s after it`,
        ]
      : []),
    `Error log lines     ${r.errorLogLines}${r.errorSamples.length ? `\n  ${r.errorSamples.join("\n  ")}` : ""}`,
    `Secrets in the log  ${r.secretsInLog} lines`,
    `Shutdown            ${r.gracefulExit ? "clean (SIGTERM, exit 0)" : "NOT clean"}`,
    "",
    broken.length === 0 ? "OK: every guarantee held." : `BROKEN:\n  - ${broken.join("\n  - ")}`,
  ];
  if (r.audit.details.length > 0) lines.push("", "Details:", ...r.audit.details.slice(0, 20).map((d) => `  ${d}`));
  console.log(lines.join("\n"));
}
