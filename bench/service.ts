// One service instance for the benchmark, in its own process: the bench (load generator and fake
// Bot API) runs in the parent, so its work does not share an event loop with the service it
// measures. Configuration comes from the environment the parent gives, parsed like `npm start`.
// The parent talks to it over the fork IPC channel: "ready" (with the URL), "stats" (resident
// memory and CPU time used so far) and "stop". BENCH_CLOCK_OFFSET_MS moves the service's clock (the
// broadcast bench runs it in the daytime in Vietnam, as quiet hours hold broadcasts back).
import { loadConfig } from "../src/config.ts";
import { startApp } from "../src/main.ts";

type Request = { type: "stats" } | { type: "stop" };

const send = (message: unknown) => process.send?.(message);

const offsetMs = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? "0") || 0;
const app = await startApp(loadConfig(process.env), offsetMs ? { clock: { now: () => new Date(Date.now() + offsetMs) } } : {});
send({ type: "ready", url: app.url, rss: process.memoryUsage().rss });

process.on("message", (message: Request) => {
  if (message.type === "stats") {
    const cpu = process.cpuUsage();
    send({ type: "stats", rss: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (message.type === "stop") {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
});
// The parent going away must not leave a service running.
process.on("disconnect", () => process.exit(0));
