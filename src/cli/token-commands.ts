// `token` commands of the CLI: API tokens for other government systems. A token acts as one staff
// member. `create` prints the token once, as the last line of its output, so scripts can take it
// with `tail -n 1`; only its hash is stored.
//   token create --email <staff email> [--name <label>]
//   token list --email <staff email>
//   token revoke <id>
import { systemClock, type Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { isRequestError } from "../errors.ts";
import { createApiToken } from "../staff/create-api-token.ts";
import { findStaffByEmail } from "../staff/find-staff-by-email.ts";
import { listApiTokens } from "../staff/list-api-tokens.ts";
import { revokeApiToken } from "../staff/revoke-api-token.ts";
import { usageError } from "./usage-error.ts";

interface TokenFlags {
  email?: string | undefined;
  name?: string | undefined;
}

export async function runTokenCommand(config: Config, command: string | undefined, args: string[], flags: TokenFlags, clock: Clock = systemClock): Promise<void> {
  if (command !== "create" && command !== "list" && command !== "revoke") {
    throw usageError(`unknown token command "${command ?? ""}" (try: token create --email <e>, token list --email <e>, token revoke <id>)`);
  }
  if (command !== "revoke" && !flags.email) throw usageError(`token ${command} needs --email <staff email>`);
  if (command === "revoke" && !args[0]) throw usageError("token revoke needs the token id (see token list)");
  await migrateDatabase(config.database);
  const db = await openDatabase(config.database);
  try {
    if (command === "create") {
      const staff = await findStaffByEmail(db, flags.email!);
      const created = await createApiToken({ db, staffId: staff.id, name: flags.name ?? "api", actor: "cli" });
      console.log(`Created API token ${created.id} ("${created.name}") for ${created.staffEmail}. It is shown only once; keep it secret:`);
      console.log(created.token);
    } else if (command === "list") {
      const tokens = await listApiTokens({ db, email: flags.email! });
      if (tokens.length === 0) console.log(`No API tokens for ${flags.email}.`);
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
        const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used";
        console.log(`${t.id}  ${t.name}  created ${t.createdAt.toISOString()}  ${used}  ${state}`);
      }
    } else {
      const revoked = await revokeApiToken({ db, id: args[0]!, actor: "cli", now: clock.now() });
      console.log(revoked.alreadyRevoked ? `API token ${revoked.id} ("${revoked.name}") was already revoked.` : `Revoked API token ${revoked.id} ("${revoked.name}").`);
    }
  } catch (err) {
    // Expected refusals (unknown email or id, inactive account) are one line, not a stack.
    if (isRequestError(err) && err.code !== "internal") throw usageError(err.message);
    throw err;
  } finally {
    await db.close();
  }
}
