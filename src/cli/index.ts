// The command-line tool: `npm run cli -- <command>`. Each command opens what it needs from the
// same configuration as the service, does one job, and exits non-zero with a one-line reason on
// failure.
//   db migrate                          apply pending migrations
//   db backup [file]                    online copy of the SQLite database (see backup-commands.ts)
//   db restore <file> [--replace]       a backup becomes the database, erased people erased again
//   db reapply-erasures                 the erasure ledger applied to the database (after pg_restore)
//   kb ingest [path]                    sync the knowledge folder (or one file / sub-folder of it)
//   kb search "<question>" [--k N] [--json]
//   kb eval --corpus <f> --questions <f> [--fold-questions] [--k 10] [--mode hybrid|lexical|dense|bm25] [--json]
//   kb import --corpus <f> --manifest <laws.yaml>   full law texts into the knowledge folder
//   kb check [--json]                   validate every document of the knowledge folder
//   chat eval FILE [--json]             answer quality on a labelled question set (chat-commands.ts)
//   token create|list|revoke            API tokens for other systems (see token-commands.ts)
//   staff create|password|list          console accounts (see staff-commands.ts)
import { parseArgs } from "node:util";
import { systemClock } from "../clock.ts";
import { loadConfig, loadDotEnv } from "../config.ts";
import { isAppError } from "../errors.ts";
import { runBackupCommand, runReapplyErasuresCommand, runRestoreCommand } from "./backup-commands.ts";
import { runChatCommand } from "./chat-commands.ts";
import { runDbCommand } from "./db-commands.ts";
import { runKbCommand } from "./kb-commands.ts";
import { runStaffCommand } from "./staff-commands.ts";
import { runTokenCommand } from "./token-commands.ts";
import { usageError } from "./usage-error.ts";

const USAGE = `usage: npm run cli -- <command>
  db migrate
  db backup [file]
  db restore <backup file> [--replace]
  db reapply-erasures
  kb ingest [path]
  kb search "<question>" [--k N] [--json]
  kb eval --corpus <file.jsonl> --questions <file.jsonl> [--fold-questions] [--k 10] [--mode hybrid|lexical|dense|bm25] [--json]
  kb import --corpus <corpus.jsonl> --manifest <laws.yaml>
  kb check [--json]
  chat eval <questions.jsonl> [--json]
  token create --email <staff email> [--name <label>]
  token list --email <staff email>
  token revoke <id>
  staff create --email <e> --name <n> --role admin|coordinator|department [--department <id|slug|name>]
  staff password --email <e>          (the password is asked, or piped in as one line)
  staff list`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      k: { type: "string" },
      json: { type: "boolean", default: false },
      corpus: { type: "string" },
      questions: { type: "string" },
      "fold-questions": { type: "boolean", default: false },
      mode: { type: "string" },
      manifest: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      department: { type: "string" },
      password: { type: "string" }, // only to refuse it with an explanation (staff-commands.ts)
      replace: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [group, command, ...rest] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return;
  }
  loadDotEnv();
  const config = loadConfig();
  // The one clock of a CLI run: backup names and retention, erasure times, token revocation, kb check's "today".
  const clock = systemClock;
  if (group === "db" && command === "backup") return runBackupCommand(config, rest, clock);
  if (group === "db" && command === "restore") return runRestoreCommand(config, rest, { replace: values.replace, clock });
  if (group === "db" && command === "reapply-erasures") return runReapplyErasuresCommand(config, clock);
  if (group === "db") return runDbCommand(config, command);
  if (group === "kb") return runKbCommand(config, command, rest, values, clock);
  if (group === "chat") return runChatCommand(config, command, rest, values, clock);
  if (group === "token") return runTokenCommand(config, command, rest, values, clock);
  if (group === "staff") return runStaffCommand(config, command, values);
  throw usageError(`unknown command "${group}"\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  // A command that found problems (kb check, kb ingest) sets process.exitCode.
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    if (isAppError(err, "config.invalid", "cli.usage")) console.error(err.message);
    else if (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) console.error(`${err.message}\n${USAGE}`);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(isAppError(err, "cli.usage") ? 2 : 1);
  },
);
