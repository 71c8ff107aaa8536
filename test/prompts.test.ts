import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Prompts, toLocale } from "../src/prompts.ts";

describe("prompts", () => {
  it("loads both locales with the same keys and fills placeholders", () => {
    const prompts = Prompts.load({ botName: "Trợ lý", orgName: "Tỉnh đoàn" });
    expect(prompts.t("vi", "welcome", { name: " Lan" })).toContain("Xin chào Lan! Mình là Trợ lý của Tỉnh đoàn.");
    expect(prompts.t("en", "welcome", { name: "" })).toContain("Hello! I am Trợ lý of Tỉnh đoàn.");
    expect(prompts.t("vi", "errors.tooLong", { length: 5000, limit: 4000 })).toContain("5000");
  });

  it("refuses a locale that lacks a key or changes a placeholder", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prompts-"));
    writeFileSync(path.join(dir, "vi.yaml"), "a: 'Xin chào {name}'\nb: 'x'\n");
    writeFileSync(path.join(dir, "en.yaml"), "a: 'Hello {nome}'\nb: 'x'\n");
    expect(() => Prompts.load({}, dir)).toThrow(/en\.yaml: a must use the placeholders \{name\}/);
    writeFileSync(path.join(dir, "en.yaml"), "a: 'Hello {name}'\n");
    expect(() => Prompts.load({}, dir)).toThrow(expect.objectContaining({ code: "prompts.invalid", message: "prompts/en.yaml lacks b" }));
  });

  it("maps platform language codes to a locale, Vietnamese by default", () => {
    expect(toLocale("en-GB")).toBe("en");
    expect(toLocale("vi")).toBe("vi");
    expect(toLocale("fr")).toBe("vi");
    expect(toLocale(undefined)).toBe("vi");
  });
});
