// Entry of the parse sandbox's worker thread. A worker does not inherit the loader the main thread
// runs under (tsx for `npm start`, Vite for vitest), and `execArgv: ["--import", "tsx"]` does not
// apply to a worker's entry on Node 20, so this plain-JS file registers tsx itself and then loads
// the TypeScript worker. Works the same whoever started the process.
import { register } from "tsx/esm/api";

register();
await import("./parse-worker.ts");
