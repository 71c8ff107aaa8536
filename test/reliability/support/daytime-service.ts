// The service as `src/main.ts` starts it (configuration from the environment, JSON logs, a clean
// shutdown on SIGTERM), on a clock moved by SERVICE_CLOCK_OFFSET_MS. Quiet hours (21:00–07:00
// Vietnam time) hold broadcasts back, so the broadcast chaos run moves the service's clock into the
// day when it is run in the evening or at night; by whole hours, so everything else keeps its shape.
import { loadConfig } from "../../../src/config.ts";
import { createLogger } from "../../../src/logger.ts";
import { startApp } from "../../../src/main.ts";

const offsetMs = Number(process.env.SERVICE_CLOCK_OFFSET_MS ?? "0");
if (!Number.isInteger(offsetMs)) throw new Error(`SERVICE_CLOCK_OFFSET_MS: ${process.env.SERVICE_CLOCK_OFFSET_MS} is not a whole number of milliseconds`);

const config = loadConfig();
const log = createLogger(config.logLevel);
const app = await startApp(config, { logger: log, clock: { now: () => new Date(Date.now() + offsetMs) } });
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "shutting down");
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
