// `staff` commands of the CLI: console accounts. `create` is how the first administrator is made
// when ADMIN_EMAIL is not used; `password` sets a new password (an administrator who forgot
// theirs). The password is asked on the terminal without echo, or read as one line from standard
// input when piped; never taken as an argument, where shell history and the process list keep it.
//   staff create --email <e> --name <n> --role admin|coordinator|department [--department <id|slug|name>]
//   staff password --email <e>
//   staff list
import type { Config } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { AppError } from "../errors.ts";
import { createStaff } from "../staff/create-staff.ts";
import { seedDepartments } from "../proposals/seed-departments.ts";
import { setStaffPassword } from "../staff/set-staff-password.ts";
import { StaffPassword } from "../staff/staff-password.ts";
import { usageError } from "./usage-error.ts";

interface StaffFlags {
  email?: string | undefined;
  name?: string | undefined;
  role?: string | undefined;
  department?: string | undefined;
  password?: string | undefined;
}

const CREATE_USAGE = "staff create --email <e> --name <n> --role admin|coordinator|department [--department <id, slug or name>]";
const PASSWORD_USAGE = "staff password --email <e>";

export async function runStaffCommand(config: Config, command: string | undefined, flags: StaffFlags): Promise<void> {
  if (command !== "create" && command !== "list" && command !== "password") {
    throw usageError(`unknown staff command "${command ?? ""}" (try: ${CREATE_USAGE}; ${PASSWORD_USAGE}; staff list)`);
  }
  if (flags.password !== undefined) {
    throw usageError(
      `staff ${command}: --password is refused: a password on the command line stays in the shell history and the process list.\n` +
        `Type it when asked, or pipe it in as one line on standard input, e.g.\n` +
        `  npm run cli -- staff ${command} --email <e> … < password.txt\n` +
        `  read -rs P && printf '%s\\n' "$P" | npm run cli -- staff ${command} --email <e> …`,
    );
  }
  if (command === "create") {
    for (const flag of ["email", "name", "role"] as const) if (!flags[flag]) throw usageError(`staff create needs --${flag}\nusage: ${CREATE_USAGE}`);
  }
  if (command === "password" && !flags.email) throw usageError(`staff password needs --email\nusage: ${PASSWORD_USAGE}`);
  await migrateDatabase(config.database);
  const db = await openDatabase(config.database);
  try {
    // A fresh installation has no departments until the service first starts; create them now.
    await seedDepartments(db);
    if (command === "list") {
      const staff = await db.prisma.staffUser.findMany({ orderBy: { email: "asc" }, include: { department: { select: { slug: true } } } });
      if (staff.length === 0) console.log("No staff accounts yet.");
      for (const s of staff) console.log(`${s.email}\t${s.role}\t${s.department?.slug ?? "-"}\t${s.active ? "active" : "inactive"}\t${s.name}`);
      return;
    }
    if (command === "password") {
      const done = await setStaffPassword({ db, email: flags.email!, password: await askPassword(command), actor: "cli" });
      console.log(`Password of ${done.email} changed; its console sessions were ended.`);
      return;
    }
    const password = await askPassword(command);
    const created = await createStaff({
      db,
      actor: "cli",
      input: { email: flags.email!, name: flags.name!, role: flags.role as "admin", password, ...(flags.department ? { department: flags.department } : {}) },
    });
    console.log(`Created ${created.role} ${created.email}${created.departmentName ? ` (${created.departmentName})` : ""}. Log in at /console/login.`);
  } catch (err) {
    if (err instanceof AppError && ["bad_request", "conflict", "not_found"].includes(err.code)) throw usageError(`staff ${command}: ${err.message}`);
    throw err;
  } finally {
    await db.close();
  }
}

/** Asks twice on a terminal without echoing; reads one line when the input is piped. */
async function askPassword(command: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = (await readLine()).trim();
    if (!line) throw usageError(`staff ${command}: no password on standard input (pipe it in as one line, or run it in a terminal to be asked)`);
    return line;
  }
  const first = await readHidden("Password (at least 10 characters): ");
  const check = StaffPassword.safeParse(first);
  if (!check.success) throw usageError(`staff ${command}: password ${check.error.issues[0]!.message}`);
  if ((await readHidden("Repeat the password: ")) !== first) throw usageError(`staff ${command}: the two passwords differ`);
  return first;
}

function readLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk: string) => {
      data += chunk;
      const nl = data.indexOf("\n");
      if (nl >= 0) {
        process.stdin.pause();
        resolve(data.slice(0, nl).replace(/\r$/, ""));
      }
    });
    process.stdin.on("end", () => resolve(data));
    process.stdin.on("error", reject);
  });
}

function readHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    let value = "";
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stdout.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(usageError("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}
