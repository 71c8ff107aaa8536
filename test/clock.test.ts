// One clock: src/clock.ts is the only place in src/ that reads the system time, so every deadline,
// expiry and retention rule can be checked by handing the service a test clock. This test reads
// the source and names each file and line that reads the time another way; and it checks the test
// clock itself (set, moved, never moving on its own).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../src/clock.ts";

const srcDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src");
/** `new Date()` with nothing between the parentheses, and `Date.now()`: both read the system time. */
const READS_THE_TIME = /\bnew Date\(\s*\)|\bDate\.now\(\s*\)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|eta)$/.test(entry.name) ? [full] : [];
  });
}

describe("the one clock", () => {
  it("is the only reader of the system time in src/ (others are handed a Clock or a `now`)", () => {
    const offenders = sourceFiles(srcDir)
      .filter((file) => path.relative(srcDir, file) !== "clock.ts")
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, i) => (READS_THE_TIME.test(line) ? [`src/${path.relative(srcDir, file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    // Fix: take `clock: Clock` in the deps (src/main.ts passes the service's), or `now: Date` in a
    // use case's options; durations are measured with performance.now().
    expect(offenders).toEqual([]);
  });

  it("stands still until it is set or moved", () => {
    const clock = fixedClock("2026-03-10T02:00:00Z");
    expect(clock.now().toISOString()).toBe("2026-03-10T02:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2026-03-10T02:00:00.000Z");
    expect(clock.advance(3 * 86_400_000).toISOString()).toBe("2026-03-13T02:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2026-03-13T02:00:00.000Z");
    clock.set(new Date("2026-12-04T03:00:00Z"));
    expect(clock.now().toISOString()).toBe("2026-12-04T03:00:00.000Z");
    // What it hands out is a copy: a caller changing its Date does not move the clock.
    clock.now().setUTCFullYear(2000);
    expect(clock.now().getUTCFullYear()).toBe(2026);
    expect(() => fixedClock("not a date")).toThrow(RangeError);
  });
});
