// Static files of the console, served from memory under /console/assets/: our own stylesheet and
// script, and Chart.js and htmx straight from node_modules, so no page depends on a CDN.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function load(file: string): string {
  // Source maps are not shipped; their comment would only make browsers ask for a missing file.
  return readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
}

export function registerAssets(scope: FastifyInstance): void {
  const files = new Map<string, string>([
    ["console.css", load(path.join(here, "assets/console.css"))],
    ["console.js", load(path.join(here, "assets/console.js"))],
    ["queue-keys.js", load(path.join(here, "assets/queue-keys.js"))],
    ["htmx.min.js", load(require.resolve("htmx.org/dist/htmx.min.js"))],
    ["chart.umd.min.js", load(path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js"))],
  ]);
  scope.get<{ Params: { name: string } }>("/assets/:name", async (request, reply) => {
    const body = files.get(request.params.name);
    if (body === undefined) throw new AppError("not_found", { message: `no console asset ${request.params.name}` });
    const type = request.params.name.endsWith(".js") ? "text/javascript" : "text/css";
    return reply.header("content-type", `${type}; charset=utf-8`).header("cache-control", "public, max-age=3600").send(body);
  });
}
