// Arrows only point down: no module of src/ imports, directly or through others, a module that
// imports it back — type-only imports included, since a type cycle is the same tangle for a reader
// (issue "One house"; `npx madge --circular --extensions ts src` agrees). Prisma's generated client
// is left out: its cycles are the generator's.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|(?:^|\n)\s*import\s*["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Each file's imports of other src/ files (relative specifiers, resolved as the compiler would). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const targets: string[] = [];
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      const resolved = path.resolve(path.dirname(file), spec);
      const candidates = [resolved, `${resolved}.ts`, path.join(resolved, "index.ts")];
      const target = candidates.find((c) => c.endsWith(".ts") && existsSync(c));
      if (target && !target.includes(`${path.sep}generated${path.sep}`)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles found by a depth-first walk, each as the files around it (relative to src/). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push(stack.slice(stack.indexOf(next)).map((f) => path.relative(srcDir, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("import arrows", () => {
  it("form no cycle in src/, type-only imports included", () => {
    expect(cycles(importGraph()).map((c) => c.join(" → "))).toEqual([]);
  });

  it("would name a cycle if there were one", () => {
    const a = path.join(srcDir, "a.ts");
    const b = path.join(srcDir, "b.ts");
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual([["a.ts", "b.ts"]]);
  });

  it("reads every kind of relative import the code uses", () => {
    const graph = importGraph();
    const main = graph.get(path.join(srcDir, "main.ts"))!;
    expect(main.length).toBeGreaterThan(20);
    expect(main).toContain(path.join(srcDir, "clock.ts"));
  });
});
