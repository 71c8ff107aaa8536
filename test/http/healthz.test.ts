import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, runApp, type RunningApp } from "../support/app.ts";

describe("GET /healthz", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it("reports the database, the knowledge base and the channels", async () => {
    const res = await app.get("/healthz");
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      status: "ok",
      db: "ok",
      channels: { web: "enabled", telegram: "not configured", zalo: "not configured" },
    });
    expect(body.knowledge.documents).toBe(5);
    expect(body.knowledge.chunks).toBe(8);
  });
});
