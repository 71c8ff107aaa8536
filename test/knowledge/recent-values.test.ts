import { describe, expect, it } from "vitest";
import { RecentValues } from "../../src/knowledge/recent-values.ts";

describe("RecentValues", () => {
  it("forgets the least recently used value when full, and computes a value only once while kept", () => {
    const recent = new RecentValues<string, number>(2);
    let computed = 0;
    const square = (x: number) => () => (computed++, x * x);
    expect(recent.remember("a", square(2))).toBe(4);
    expect(recent.remember("b", square(3))).toBe(9);
    // "a" used again: "b" is now the least recent and goes when "c" comes.
    expect(recent.remember("a", square(2))).toBe(4);
    recent.set("c", 25);
    expect(recent.size).toBe(2);
    expect(recent.get("b")).toBeUndefined();
    expect(recent.get("a")).toBe(4);
    expect(computed).toBe(2);
    recent.clear();
    expect(recent.get("a")).toBeUndefined();
  });
});
