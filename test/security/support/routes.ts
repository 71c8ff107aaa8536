// Every route the running service serves, read from Fastify's route tree, so that checks which must
// hold for every route (body limits) also cover routes added later by anyone.
import type { FastifyInstance } from "fastify";

export interface RouteInfo {
  method: string;
  /** The path with its parameters filled in with harmless sample values. */
  path: string;
  /** The declared path, e.g. /console/items/:code */
  pattern: string;
}

const SAMPLES: Record<string, string> = { code: "KN-2026-00001", id: "khong-co", format: "csv", name: "khong-co.css" };

export function listRoutes(server: FastifyInstance): RouteInfo[] {
  const out: RouteInfo[] = [];
  const stack: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line.trimEnd());
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const pattern = stack.join("").replace(/\/{2,}/g, "/");
    const path = pattern.replace(/:(\w+)/g, (_all, name: string) => SAMPLES[name] ?? "x");
    for (const method of m[3]!.split(",").map((s) => s.trim())) out.push({ method, path, pattern });
  }
  return out;
}
