// Starting the service prints no warning: no deprecated Fastify option (FSTDEP023 came from the
// top-level disableRequestLogging) and no other process warning while the whole app is built,
// migrated, indexed and listening.
import { afterEach, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";

describe("a clean start", () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.stop();
  });

  it("emits no warning (deprecation or other) from start to the first /healthz", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(`${w.name} ${w.code ?? ""}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      app = await runApp();
      expect((await app.get("/healthz")).status).toBe(200);
      // process.emitWarning delivers on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
