// `npm run cli -- token …` as an administrator uses it: create prints the token as its last line,
// the token works against the running service, list shows it without the secret, revoke ends it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, runApp, type RunningApp } from "../support/app.ts";
import { repoRoot } from "../support/env.ts";

const run = promisify(execFile);

describe("token commands of the CLI", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
    await app.db.prisma.staffUser.create({ data: { email: "he-thong@tinh.gov.vn", name: "Hệ thống", passwordHash: "x", role: "coordinator" } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const cli = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", path.join(repoRoot, "src/cli/index.ts"), "token", ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATA_DIR: app.dataDir,
        DATABASE_URL: app.config.database.url,
        KNOWLEDGE_DIR: app.config.knowledgeDir,
        LOG_LEVEL: "silent",
      },
    });

  it("creates a token that works, lists it and revokes it", async () => {
    const created = await cli("create", "--email", "he-thong@tinh.gov.vn", "--name", "quan-ly-van-ban");
    const token = created.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^ya_[\w-]{43}$/);
    const stored = await app.db.prisma.apiToken.findFirstOrThrow({ where: { name: "quan-ly-van-ban" } });
    expect(stored.tokenHash).not.toContain(token);
    expect(created.stdout).toContain(stored.id);

    const ok = await fetch(`${app.url}/api/v1/proposals`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ page: 1, total: expect.any(Number) });

    const listed = await cli("list", "--email", "he-thong@tinh.gov.vn");
    expect(listed.stdout).toContain(stored.id);
    expect(listed.stdout).toContain("quan-ly-van-ban");
    expect(listed.stdout).not.toContain(token);

    const revoked = await cli("revoke", stored.id);
    expect(revoked.stdout).toContain("Revoked");
    const refused = await fetch(`${app.url}/api/v1/proposals`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
    expect(await app.db.prisma.auditLog.count({ where: { actor: "cli", target: stored.id } })).toBe(2);
  });

  it("says in one line what is wrong with the call", async () => {
    const unknown = await cli("create", "--email", "nobody@tinh.gov.vn").then(
      () => expect.fail("should have failed"),
      (err: { code: number; stderr: string }) => err,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("no staff member with email nobody@tinh.gov.vn");
  });
});
